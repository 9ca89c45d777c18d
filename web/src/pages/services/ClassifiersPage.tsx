// Custom document classifiers (Comprehend's CreateDocumentClassifier, on Lathe's AutoML):
// /ai-services/classifiers lists them with their status and metrics and has the form that creates
// one from a dataset (uploaded here or picked), its label and text columns, a language and a time
// budget; /ai-services/classifiers/<name> is one classifier (ClassifierDetail.tsx). Calls go
// through the AWS JSON API (api/comprehend.ts); the dataset upload and the column copy through the
// native API.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { comprehendApi, type ClassifierProperties, type EndpointProperties } from '../../api/comprehend';
import { datasetNameFor, uploadDataset } from '../../api/upload';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t, tOr } from '../../i18n';
import {
  arnOf, createClassifierCli, guessColumns, isBusy, nameFromArn, serverPicks, trainingDatasetName, trainingSql,
} from '../../lib/classifiers';
import { NAME_PATTERN } from '../../lib/endpoints';
import { formatStat } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import ClassifierDetail from './ClassifierDetail';
import { Commands, ComprehendStatus, FileDrop, PageHeader } from './components';

const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt'];
const BUDGETS = [15, 60, 300, 900];

// "Tickets v2.csv" → "Tickets-v2": a name Comprehend accepts.
function suggestName(from: string): string {
  return from.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'classifier';
}

function ClassifierList({ classifiers, endpoints }: { classifiers: ClassifierProperties[]; endpoints: EndpointProperties[] }) {
  if (classifiers.length === 0) {
    return <p className="muted pad" data-testid="clf-empty">{t('services.clf.empty')}</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="clf-table">
        <thead>
          <tr>
            <th>{t('services.clf.name')}</th>
            <th>{t('services.clf.statusCol')}</th>
            <th>{t('services.batch.col.language')}</th>
            <th className="num">{t('services.clf.accuracy')}</th>
            <th className="num">{t('services.clf.f1')}</th>
            <th>{t('services.clf.endpoint')}</th>
            <th>{t('services.clf.submitted')}</th>
          </tr>
        </thead>
        <tbody>
          {classifiers.map((c) => {
            const name = nameFromArn(c.DocumentClassifierArn);
            const path = `/ai-services/classifiers/${encodeURIComponent(name)}`;
            const metrics = c.ClassifierMetadata?.EvaluationMetrics;
            const served = endpoints.filter((e) => e.ModelArn === c.DocumentClassifierArn);
            return (
              <tr key={c.DocumentClassifierArn} className="clickable" data-testid="clf-row" data-name={name} onClick={() => navigate(path)}>
                <td><a href={path} onClick={linkHandler(path)}><strong>{name}</strong></a></td>
                <td><ComprehendStatus status={c.Status} /></td>
                <td>{c.LanguageCode}</td>
                <td className="num">{metrics?.Accuracy != null ? formatStat(metrics.Accuracy) : '—'}</td>
                <td className="num">{metrics?.F1Score != null ? formatStat(metrics.F1Score) : '—'}</td>
                <td>{served.length ? served.map((e) => nameFromArn(e.EndpointArn)).join(', ') : <span className="muted">—</span>}</td>
                <td className="muted small">{c.SubmitTime ? formatDateTime(c.SubmitTime * 1000) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type DataSource = 'upload' | 'existing';

function CreateForm({ taken }: { taken: Set<string> }) {
  const queryClient = useQueryClient();
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: api.listDatasets });
  const [source, setSource] = useState<DataSource>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [uploadFraction, setUploadFraction] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [datasetId, setDatasetId] = useState('');
  const [label, setLabel] = useState('');
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en');
  const [budget, setBudget] = useState(60);
  const dataset = useQuery({ queryKey: ['dataset', datasetId], queryFn: () => api.getDataset(datasetId), enabled: datasetId !== '' });
  const columns = useMemo(() => dataset.data?.columns ?? [], [dataset.data]);

  useEffect(() => {
    if (columns.length === 0) return;
    const guess = guessColumns(columns.map((c) => ({ name: c.name, type: c.type })));
    setLabel(guess.label);
    setText(guess.text);
  }, [columns]);
  useEffect(() => {
    if (dataset.data && name === '') setName(suggestName(dataset.data.name));
    // only when a dataset is chosen; the name stays the user's afterwards
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataset.data]);

  const upload = (f: File) => {
    setFile(f);
    setUploadError(null);
    setUploadFraction(0);
    const handle = uploadDataset(f, datasetNameFor(f.name), setUploadFraction);
    handle.promise.then((d) => {
      setUploadFraction(null);
      setDatasetId(d.id);
      setName((cur) => cur || suggestName(datasetNameFor(f.name)));
      void queryClient.invalidateQueries({ queryKey: ['datasets'] });
    }, (e) => {
      setUploadFraction(null);
      setUploadError(e);
    });
  };

  const nameProblem = name === '' ? null
    : !NAME_PATTERN.test(name) ? t('services.clf.nameInvalid')
      : taken.has(name) ? t('services.clf.nameTaken', { name }) : null;
  const sameColumn = label !== '' && label === text;
  const textType = columns.find((c) => c.name === text)?.type;

  const create = useMutation({
    mutationFn: async () => {
      let trainOn = datasetId;
      const names = columns.map((c) => c.name);
      if (!serverPicks(names, label, text)) {
        const copy = await api.query({ sql: trainingSql(label, text), datasets: { d: datasetId }, limit: 1, save_as: trainingDatasetName(name) });
        if (!copy.dataset) throw new Error(t('services.clf.copyFailed'));
        trainOn = copy.dataset.id;
      }
      await comprehendApi.createClassifier({ name, language, dataset: trainOn, budgetSeconds: budget });
      return name;
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['comprehend', 'classifiers'] });
      navigate(`/ai-services/classifiers/${encodeURIComponent(created)}`);
    },
  });

  const ready = datasetId !== '' && label !== '' && text !== '' && !sameColumn && name !== '' && nameProblem === null && !create.isPending;
  return (
    <section className="panel" data-testid="clf-create">
      <h3 className="panel-title">{t('services.clf.create')}</h3>
      <p className="muted small">{t('services.clf.createHint')}</p>
      <div className="segmented" role="group" aria-label={t('services.clf.data')}>
        {(['upload', 'existing'] as const).map((s) => (
          <button key={s} type="button" className={source === s ? 'on' : ''} aria-pressed={source === s}
            data-testid={`clf-source-${s}`} onClick={() => setSource(s)}>
            {s === 'upload' ? t('services.clf.source.upload') : t('services.clf.source.existing')}
          </button>
        ))}
      </div>
      <div className="clf-data">
        {source === 'upload' ? (
          <>
            <FileDrop accept=".csv,.tsv,.jsonl,text/csv" file={file} onFile={upload} hint={t('services.clf.uploadHint')}
              disabled={uploadFraction !== null} />
            {uploadFraction !== null && (
              <div className="progress" data-testid="clf-upload-progress">
                <div className="progress-bar" style={{ width: `${Math.round(uploadFraction * 100)}%` }} />
                <span className="progress-label">{t('services.clf.uploading', { percent: Math.round(uploadFraction * 100) })}</span>
              </div>
            )}
            {uploadError != null && <ErrorBox error={uploadError} testId="clf-upload-error" />}
          </>
        ) : (
          <DatasetPicker datasets={datasets.data?.datasets ?? []} value={datasetId} onChange={setDatasetId} testId="clf-dataset" />
        )}
      </div>
      {dataset.error && <ErrorBox error={dataset.error} />}
      {dataset.data && (
        <div className="clf-form-grid">
          <p className="small" data-testid="clf-dataset-chosen">
            {t('services.clf.datasetChosen', { name: dataset.data.name, version: dataset.data.version, rows: dataset.data.rows })}
          </p>
          <label className="field">
            <span>{t('services.clf.textColumn')}</span>
            <select value={text} onChange={(e) => setText(e.target.value)} data-testid="clf-text-column">
              {columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type})</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('services.clf.labelColumn')}</span>
            <select value={label} onChange={(e) => setLabel(e.target.value)} data-testid="clf-label-column">
              {columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type})</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('services.clf.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="clf-name" maxLength={63}
              aria-invalid={nameProblem !== null} />
          </label>
          <label className="field">
            <span>{t('services.text.language')}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="clf-language">
              {LANGUAGES.map((l) => <option key={l} value={l}>{tOr(`services.lang.${l}`, l)} ({l})</option>)}
            </select>
          </label>
          <label className="field">
            <span>{t('services.clf.budget')}</span>
            <select value={budget} onChange={(e) => setBudget(Number(e.target.value))} data-testid="clf-budget">
              {BUDGETS.map((b) => <option key={b} value={b}>{t('services.clf.budgetSeconds', { s: b })}</option>)}
            </select>
          </label>
        </div>
      )}
      {textType && textType !== 'text' && (
        <div className="notice warn" data-testid="clf-text-type-warning">{t('services.clf.notTextType', { column: text, type: textType })}</div>
      )}
      {nameProblem && <p className="field-error" data-testid="clf-name-error">{nameProblem}</p>}
      {sameColumn && <p className="field-error">{t('services.clf.sameColumn')}</p>}
      {dataset.data && !sameColumn && label && text && !serverPicks(columns.map((c) => c.name), label, text) && (
        <p className="muted small" data-testid="clf-copy-note">{t('services.clf.copyNote', { dataset: trainingDatasetName(name || 'classifier') })}</p>
      )}
      <div className="send-row">
        <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => create.mutate()} data-testid="clf-submit">
          {create.isPending ? t('services.clf.creating') : t('services.clf.train')}
        </button>
      </div>
      {create.error && <ErrorBox error={create.error} testId="clf-create-error" />}
      {dataset.data && name && (
        <Commands items={[{
          label: t('services.awsCli'),
          code: createClassifierCli(window.location.origin, name, language, dataset.data.name, budget),
          testId: 'clf-create-command',
        }]} />
      )}
    </section>
  );
}

function ClassifierIndex() {
  const classifiers = useQuery({
    queryKey: ['comprehend', 'classifiers'],
    queryFn: comprehendApi.listClassifiers,
    refetchInterval: (q) => (q.state.data?.DocumentClassifierPropertiesList.some((c) => isBusy(c.Status)) ? 2000 : false),
  });
  const endpoints = useQuery({ queryKey: ['comprehend', 'endpoints'], queryFn: comprehendApi.listEndpoints });
  const list = classifiers.data?.DocumentClassifierPropertiesList ?? [];
  const taken = new Set(list.map((c) => nameFromArn(c.DocumentClassifierArn)));
  return (
    <div className="page" data-testid="classifiers-page">
      <PageHeader title={t('services.classifiers.title')} subtitle={t('services.clf.subtitle')} />
      <section className="panel">
        <h3 className="panel-title">{t('services.clf.list')}</h3>
        {classifiers.isPending && <p className="muted">{t('common.loading')}</p>}
        {classifiers.error && <ErrorBox error={classifiers.error} testId="clf-list-error" />}
        {classifiers.data && <ClassifierList classifiers={list} endpoints={endpoints.data?.EndpointPropertiesList ?? []} />}
      </section>
      <CreateForm taken={taken} />
    </div>
  );
}

export default function ClassifiersPage({ name }: { name?: string }) {
  if (name) return <ClassifierDetail key={name} name={name} arn={arnOf('document-classifier', name)} />;
  return <ClassifierIndex />;
}
