// Custom entity recognizers (Comprehend's CreateEntityRecognizer, trained by Lathe's sequence
// labeller): /ai-services/recognizers lists them and has the form that creates one from documents
// (one per line, typed or from a file) and either an entity list (Text, Type) or annotations (Line,
// Begin Offset, End Offset, Type); /ai-services/recognizers/<name> is one recognizer: status,
// precision / recall / F1 overall and per type, deploy (CreateEndpoint), a "try it" box with the
// entities highlighted (DetectEntities with the EndpointArn) and delete. The texts are stored as
// datasets first, which the S3Uris name (docs/api/text.md).
import { useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { comprehendApi, uploadCsvText, type RecognizerProperties } from '../../api/comprehend';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, formatNumber, t, tn, tOr } from '../../i18n';
import {
  ANNOTATION_COLUMNS, ENTITY_LIST_COLUMNS, arnOf, comprehendCurl, detectCustomCli, entityTypesOf, isBusy, missingColumns,
  nameFromArn, oneColumnCsv,
} from '../../lib/classifiers';
import { NAME_PATTERN } from '../../lib/endpoints';
import { formatCount } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { csvTable, documentsFromLines, isTableFile, guessTextColumn } from '../../lib/textBatch';
import { Commands, ComprehendStatus, Highlighted, PageHeader } from './components';
import { EndpointPanel } from './EndpointPanel';

const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt'];
type Kind = 'entityList' | 'annotations';
const HEADERS: Record<Kind, string> = { entityList: ENTITY_LIST_COLUMNS.join(','), annotations: ANNOTATION_COLUMNS.join(',') };

// Comprehend gives recognizer metrics in percent (0-100).
const percent = (v: number | undefined) => (v == null ? '—' : formatNumber(v / 100, { style: 'percent', maximumFractionDigits: 1 }));

// A button that reads a text file into `onText`.
function LoadFile({ accept, onText, testId }: { accept: string; onText: (name: string, text: string) => void; testId: string }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => input.current?.click()}>{t('services.rec.loadFile')}</button>
      <input ref={input} type="file" accept={accept} hidden data-testid={testId}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void f.text().then((text) => onText(f.name, text));
          e.target.value = '';
        }} />
    </>
  );
}

function RecognizerList({ recognizers, endpointsByModel }: { recognizers: RecognizerProperties[]; endpointsByModel: Map<string, string[]> }) {
  if (recognizers.length === 0) return <p className="muted pad" data-testid="rec-empty">{t('services.rec.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="rec-table">
        <thead>
          <tr>
            <th>{t('services.clf.name')}</th>
            <th>{t('services.clf.statusCol')}</th>
            <th>{t('services.batch.col.language')}</th>
            <th>{t('services.rec.types')}</th>
            <th className="num">F1</th>
            <th>{t('services.clf.endpoint')}</th>
            <th>{t('services.clf.submitted')}</th>
          </tr>
        </thead>
        <tbody>
          {recognizers.map((r) => {
            const name = nameFromArn(r.EntityRecognizerArn);
            const path = `/ai-services/recognizers/${encodeURIComponent(name)}`;
            const types = ((r.InputDataConfig?.EntityTypes ?? []) as { Type: string }[]).map((x) => x.Type);
            return (
              <tr key={r.EntityRecognizerArn} className="clickable" data-testid="rec-row" data-name={name} onClick={() => navigate(path)}>
                <td><a href={path} onClick={linkHandler(path)}><strong>{name}</strong></a></td>
                <td><ComprehendStatus status={r.Status} testId="rec-status" /></td>
                <td>{r.LanguageCode}</td>
                <td>{types.join(', ')}</td>
                <td className="num">{percent(r.RecognizerMetadata?.EvaluationMetrics?.F1Score)}</td>
                <td>{(endpointsByModel.get(r.EntityRecognizerArn) ?? []).join(', ') || <span className="muted">—</span>}</td>
                <td className="muted small">{r.SubmitTime ? formatDateTime(r.SubmitTime * 1000) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CreateForm({ taken }: { taken: Set<string> }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState('en');
  const [documents, setDocuments] = useState('');
  const [kind, setKind] = useState<Kind>('entityList');
  const [labels, setLabels] = useState<Record<Kind, string>>({ entityList: `${HEADERS.entityList}\n`, annotations: `${HEADERS.annotations}\n` });
  const docs = useMemo(() => documentsFromLines(documents), [documents]);
  const table = useMemo(() => csvTable(labels[kind]), [labels, kind]);
  const types = entityTypesOf(table.columns, table.rows);
  const missing = missingColumns(table.columns, kind === 'entityList' ? ENTITY_LIST_COLUMNS : ANNOTATION_COLUMNS);
  const nameProblem = name === '' ? null : !NAME_PATTERN.test(name) ? t('services.clf.nameInvalid')
    : taken.has(name) ? t('services.rec.nameTaken', { name }) : null;

  const loadDocuments = (file: string, text: string) => {
    if (!isTableFile(file)) {
      setDocuments(text);
      return;
    }
    const parsed = csvTable(text);
    const column = parsed.columns.findIndex((c) => c.toLowerCase() === 'text');
    const at = column >= 0 ? column : Math.max(0, guessTextColumn(parsed));
    setDocuments(parsed.rows.map((r) => (r[at] ?? '').replace(/\r?\n/g, ' ')).join('\n'));
  };

  const create = useMutation({
    mutationFn: async () => {
      const docsSet = await uploadCsvText(`${name}-documents`, oneColumnCsv('text', docs));
      const labelSet = await uploadCsvText(`${name}-${kind === 'entityList' ? 'entity-list' : 'annotations'}`, labels[kind]);
      await comprehendApi.createRecognizer({
        name, language, entityTypes: types, documents: docsSet.id,
        ...(kind === 'entityList' ? { entityList: labelSet.id } : { annotations: labelSet.id }),
      });
      return name;
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['comprehend', 'recognizers'] });
      navigate(`/ai-services/recognizers/${encodeURIComponent(created)}`);
    },
  });
  const ready = name !== '' && nameProblem === null && docs.length > 0 && table.rows.length > 0 && missing.length === 0
    && types.length > 0 && !create.isPending;

  return (
    <section className="panel" data-testid="rec-create">
      <h3 className="panel-title">{t('services.rec.create')}</h3>
      <p className="muted small">{t('services.rec.createHint')}</p>
      <div className="clf-form-grid">
        <label className="field">
          <span>{t('services.clf.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="rec-name" maxLength={63} aria-invalid={nameProblem !== null} />
        </label>
        <label className="field">
          <span>{t('services.text.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="rec-language">
            {LANGUAGES.map((l) => <option key={l} value={l}>{tOr(`services.lang.${l}`, l)} ({l})</option>)}
          </select>
        </label>
      </div>
      {nameProblem && <p className="field-error">{nameProblem}</p>}
      <div className="rec-inputs">
        <div>
          <div className="panel-title-row">
            <label className="small muted" htmlFor="rec-documents">{t('services.rec.documents', { count: formatCount(docs.length) })}</label>
            <LoadFile accept=".txt,.csv,.tsv" onText={loadDocuments} testId="rec-documents-file" />
          </div>
          <textarea id="rec-documents" className="svc-textarea" rows={9} value={documents} onChange={(e) => setDocuments(e.target.value)}
            data-testid="rec-documents" placeholder={t('services.rec.documentsPlaceholder')} />
        </div>
        <div>
          <div className="panel-title-row">
            <div className="segmented" role="group" aria-label={t('services.rec.labelsKind')}>
              {(['entityList', 'annotations'] as const).map((k) => (
                <button key={k} type="button" className={kind === k ? 'on' : ''} aria-pressed={kind === k} data-testid={`rec-kind-${k}`}
                  onClick={() => setKind(k)}>
                  {k === 'entityList' ? t('services.rec.entityList') : t('services.rec.annotations')}
                </button>
              ))}
            </div>
            <LoadFile accept=".csv,.tsv" onText={(_, text) => setLabels((cur) => ({ ...cur, [kind]: text }))} testId="rec-labels-file" />
          </div>
          <label className="visually-hidden" htmlFor="rec-labels">{kind === 'entityList' ? t('services.rec.entityList') : t('services.rec.annotations')}</label>
          <textarea id="rec-labels" className="svc-textarea mono" rows={9} value={labels[kind]} data-testid="rec-labels"
            onChange={(e) => setLabels((cur) => ({ ...cur, [kind]: e.target.value }))} />
          <p className="muted small">{kind === 'entityList' ? t('services.rec.entityListHint') : t('services.rec.annotationsHint')}</p>
        </div>
      </div>
      {missing.length > 0 && table.columns.length > 0 && (
        <p className="field-error" data-testid="rec-missing">{t('services.rec.missingColumns', { columns: missing.join(', ') })}</p>
      )}
      <p className="small" data-testid="rec-types">
        {types.length ? t('services.rec.typesFound', { types: types.join(', ') }) : t('services.rec.noTypes')}
      </p>
      <div className="send-row">
        <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => create.mutate()} data-testid="rec-submit">
          {create.isPending ? t('services.clf.creating') : t('services.rec.train')}
        </button>
        <span className="muted small">{tn('services.batch.documents', docs.length)}</span>
      </div>
      {create.error && <ErrorBox error={create.error} testId="rec-create-error" />}
    </section>
  );
}

function RecognizerIndex() {
  const recognizers = useQuery({
    queryKey: ['comprehend', 'recognizers'],
    queryFn: comprehendApi.listRecognizers,
    refetchInterval: (q) => (q.state.data?.EntityRecognizerPropertiesList.some((r) => isBusy(r.Status)) ? 2000 : false),
  });
  const endpoints = useQuery({ queryKey: ['comprehend', 'endpoints'], queryFn: comprehendApi.listEndpoints });
  const list = recognizers.data?.EntityRecognizerPropertiesList ?? [];
  const byModel = new Map<string, string[]>();
  for (const e of endpoints.data?.EndpointPropertiesList ?? []) byModel.set(e.ModelArn, [...(byModel.get(e.ModelArn) ?? []), nameFromArn(e.EndpointArn)]);
  return (
    <div className="page" data-testid="recognizers-page">
      <PageHeader title={t('services.recognizers.title')} subtitle={t('services.rec.subtitle')} />
      <section className="panel">
        <h3 className="panel-title">{t('services.rec.list')}</h3>
        {recognizers.isPending && <p className="muted">{t('common.loading')}</p>}
        {recognizers.error && <ErrorBox error={recognizers.error} testId="rec-list-error" />}
        {recognizers.data && <RecognizerList recognizers={list} endpointsByModel={byModel} />}
      </section>
      <CreateForm taken={new Set(list.map((r) => nameFromArn(r.EntityRecognizerArn)))} />
    </div>
  );
}

function Metrics({ r }: { r: RecognizerProperties }) {
  const meta = r.RecognizerMetadata;
  const m = meta?.EvaluationMetrics;
  const cards: [string, string, string][] = [
    ['f1', 'F1', percent(m?.F1Score)],
    ['precision', t('services.clf.precision'), percent(m?.Precision)],
    ['recall', t('services.clf.recall'), percent(m?.Recall)],
    ['train', t('services.clf.trainDocs'), formatCount(meta?.NumberOfTrainedDocuments ?? null)],
    ['test', t('services.clf.testDocs'), formatCount(meta?.NumberOfTestDocuments ?? null)],
  ];
  return (
    <section className="panel" data-testid="rec-metrics">
      <h3 className="panel-title">{t('services.clf.metrics')}</h3>
      <div className="metric-cards">
        {cards.map(([id, label, value]) => (
          <div key={id} className={`metric-card${id === 'f1' ? ' primary' : ''}`} data-testid={`rec-metric-${id}`}>
            <div className="muted small">{label}</div>
            <div className="metric-value"><strong>{value}</strong></div>
          </div>
        ))}
      </div>
      {(meta?.EntityTypes ?? []).length > 0 && (
        <div className="table-wrap">
          <table className="table compact" data-testid="rec-types-table">
            <thead>
              <tr>
                <th>{t('services.rec.type')}</th>
                <th className="num">{t('services.clf.precision')}</th>
                <th className="num">{t('services.clf.recall')}</th>
                <th className="num">F1</th>
                <th className="num">{t('services.rec.mentions')}</th>
              </tr>
            </thead>
            <tbody>
              {meta!.EntityTypes!.map((e) => (
                <tr key={e.Type} data-testid="rec-type-row" data-type={e.Type}>
                  <td>{e.Type}</td>
                  <td className="num">{percent(e.EvaluationMetrics?.Precision)}</td>
                  <td className="num">{percent(e.EvaluationMetrics?.Recall)}</td>
                  <td className="num">{percent(e.EvaluationMetrics?.F1Score)}</td>
                  <td className="num">{formatCount(e.NumberOfTrainMentions ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TryIt({ endpointArn, inService }: { endpointArn: string | null; inService: boolean }) {
  const [text, setText] = useState('');
  const detect = useMutation({ mutationFn: (s: string) => comprehendApi.detectCustomEntities(endpointArn!, s).then((a) => ({ text: s, ...a })) });
  const origin = window.location.origin;
  return (
    <section className="panel" data-testid="rec-try">
      <h3 className="panel-title">{t('services.clf.try')}</h3>
      {!inService && <p className="muted small">{t('services.clf.tryNeedsEndpoint')}</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) detect.mutate(text); }}>
        <label className="visually-hidden" htmlFor="rec-try-input">{t('services.clf.tryLabel')}</label>
        <textarea id="rec-try-input" className="svc-textarea" rows={3} value={text} onChange={(e) => setText(e.target.value)}
          data-testid="rec-try-input" placeholder={t('services.clf.tryPlaceholder')} />
        <div className="send-row">
          <button type="submit" className="btn btn-primary" disabled={!inService || !text.trim() || detect.isPending} data-testid="rec-try-run">
            {t('services.rec.detect')}
          </button>
        </div>
      </form>
      {detect.error && <ErrorBox error={detect.error} testId="rec-try-error" />}
      {detect.data && (detect.data.Entities.length === 0
        ? <p className="muted" data-testid="rec-try-empty">{t('services.text.noEntities')}</p>
        : <Highlighted text={detect.data.text} testId="rec-entities" label={(ty) => ty}
          spans={detect.data.Entities.map((e) => ({ begin: e.BeginOffset, end: e.EndOffset, type: e.Type, score: e.Score }))} />)}
      {endpointArn && (
        <Commands items={[
          { label: t('services.awsCli'), code: detectCustomCli(origin, nameFromArn(endpointArn), text || '…'), testId: 'rec-detect-command' },
          { label: 'curl', code: comprehendCurl(origin, 'DetectEntities', { EndpointArn: endpointArn, Text: text || '…' }), testId: 'rec-detect-curl' },
        ]} />
      )}
    </section>
  );
}

function RecognizerDetail({ name }: { name: string }) {
  const arn = arnOf('entity-recognizer', name);
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const described = useQuery({
    queryKey: ['comprehend', 'recognizer', arn],
    queryFn: () => comprehendApi.describeRecognizer(arn),
    refetchInterval: (q) => (isBusy(q.state.data?.EntityRecognizerProperties.Status) ? 1500 : false),
    retry: false,
  });
  const r = described.data?.EntityRecognizerProperties;
  const endpoints = useQuery({
    queryKey: ['comprehend', 'endpoints'],
    queryFn: comprehendApi.listEndpoints,
    refetchInterval: (q) => (q.state.data?.EndpointPropertiesList.some((e) => e.ModelArn === arn && isBusy(e.Status)) ? 1500 : false),
  });
  const endpoint = endpoints.data?.EndpointPropertiesList.find((e) => e.ModelArn === arn) ?? null;
  const stop = useMutation({ mutationFn: () => comprehendApi.stopRecognizer(arn), onSuccess: () => void described.refetch() });
  const remove = useMutation({
    mutationFn: () => comprehendApi.deleteRecognizer(arn),
    onSuccess: () => {
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ['comprehend', 'recognizers'] });
      navigate('/ai-services/recognizers');
    },
    onError: () => setConfirm(false),
  });
  const elapsed = r?.SubmitTime ? Math.max(0, Math.round(Date.now() / 1000 - r.SubmitTime)) : null;
  return (
    <div className="page" data-testid="recognizer-detail">
      <header className="page-header">
        <div>
          <a className="back-link" href="/ai-services/recognizers" onClick={linkHandler('/ai-services/recognizers')}>← {t('services.recognizers.title')}</a>
          <h1>{name} {r && <ComprehendStatus status={r.Status} testId="rec-status" />}</h1>
          <p className="subtitle">
            {r && t('services.rec.detailSubtitle', {
              language: r.LanguageCode,
              types: ((r.InputDataConfig?.EntityTypes ?? []) as { Type: string }[]).map((x) => x.Type).join(', '),
            })}
            {r?.SubmitTime ? ` · ${formatDateTime(r.SubmitTime * 1000)}` : ''}
          </p>
        </div>
        <div className="header-actions">
          {r && isBusy(r.Status) && (
            <button type="button" className="btn btn-danger-outline" onClick={() => stop.mutate()} disabled={stop.isPending} data-testid="rec-stop">
              {t('services.clf.stop')}
            </button>
          )}
          {r && (
            <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm(true)} data-testid="rec-delete">{t('common.delete')}</button>
          )}
        </div>
      </header>
      {described.error && <ErrorBox error={described.error} testId="rec-error" />}
      {stop.error && <ErrorBox error={stop.error} />}
      {remove.error && <ErrorBox error={remove.error} testId="rec-delete-error" />}
      {r?.Message && <ErrorBox error={new Error(r.Message)} testId="rec-message" />}
      {r && isBusy(r.Status) && (
        <section className="panel muted" data-testid="rec-training">{t('services.rec.training', { seconds: formatCount(elapsed) })}</section>
      )}
      {r?.Status === 'TRAINED' && <Metrics r={r} />}
      {r && <EndpointPanel modelArn={arn} trained={r.Status === 'TRAINED'} endpoint={endpoint} />}
      {r && <TryIt endpointArn={endpoint?.EndpointArn ?? null} inService={endpoint?.Status === 'IN_SERVICE'} />}
      <ConfirmDialog open={confirm} title={t('services.rec.deleteTitle', { name })} body={t('services.rec.deleteBody')}
        confirmLabel={t('common.delete')} busy={remove.isPending} onConfirm={() => remove.mutate()} onCancel={() => setConfirm(false)} />
    </div>
  );
}

export default function RecognizersPage({ name }: { name?: string }) {
  return name ? <RecognizerDetail key={name} name={name} /> : <RecognizerIndex />;
}
