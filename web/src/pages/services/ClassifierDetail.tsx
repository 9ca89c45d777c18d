// One custom document classifier (/ai-services/classifiers/<name>): its status from
// DescribeDocumentClassifier (polled while it trains), the live progress and leaderboard of the
// Lathe training job behind it (the Build page's view, with links to the job and the model), its
// metrics (Comprehend's accuracy and F1, and per-class precision / recall / F1 from the model's
// evaluation report, which Describe does not carry), deploy to an endpoint (CreateEndpoint), a
// "try it" box (ClassifyDocument, classes as score bars) and delete.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { comprehendApi, type ClassifierProperties, type EndpointProperties } from '../../api/comprehend';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorBox } from '../../components/ErrorBox';
import { formatDateTime, t } from '../../i18n';
import { classifyCli, comprehendCurl, isBusy, nameFromArn } from '../../lib/classifiers';
import { formatCount, formatStat } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { Leaderboard, Progress, stateKey, useTrainingEvents } from '../build/JobView';
import { Commands, ComprehendStatus, ScoreBars } from './components';
import { EndpointPanel } from './EndpointPanel';

function TrainingProgress({ jobId }: { jobId: string }) {
  const [view] = useTrainingEvents(jobId);
  const state = stateKey(view.state ?? 'Pending');
  return (
    <div data-testid="clf-training">
      <Progress view={view} state={state} />
      <details className="clf-leaderboard">
        <summary>{t('build.job.leaderboard')}</summary>
        <Leaderboard view={view} />
      </details>
    </div>
  );
}

function Metrics({ c, modelId }: { c: ClassifierProperties; modelId: string | null }) {
  const meta = c.ClassifierMetadata;
  const metrics = meta?.EvaluationMetrics;
  const model = useQuery({ queryKey: ['model', modelId], queryFn: () => api.getModel(modelId!), enabled: modelId !== null });
  const classes = model.data?.evaluation?.classes ?? [];
  const cards: [string, string, string][] = [
    ['accuracy', t('services.clf.accuracy'), metrics?.Accuracy != null ? formatStat(metrics.Accuracy) : '—'],
    ['f1', t('services.clf.f1'), metrics?.F1Score != null ? formatStat(metrics.F1Score) : '—'],
    ['labels', t('services.clf.labels'), meta?.NumberOfLabels != null ? formatCount(meta.NumberOfLabels) : '—'],
    ['train', t('services.clf.trainDocs'), formatCount(meta?.NumberOfTrainedDocuments ?? null)],
    ['test', t('services.clf.testDocs'), formatCount(meta?.NumberOfTestDocuments ?? null)],
  ];
  return (
    <section className="panel" data-testid="clf-metrics">
      <h3 className="panel-title">{t('services.clf.metrics')}</h3>
      <div className="metric-cards">
        {cards.map(([id, label, value]) => (
          <div key={id} className={`metric-card${id === 'accuracy' ? ' primary' : ''}`} data-testid={`clf-metric-${id}`}>
            <div className="muted small">{label}</div>
            <div className="metric-value"><strong>{value}</strong></div>
          </div>
        ))}
      </div>
      {classes.length > 0 && (
        <>
          <h4>{t('services.clf.perClass')}</h4>
          <div className="table-wrap">
            <table className="table compact" data-testid="clf-classes-table">
              <thead>
                <tr>
                  <th>{t('services.clf.class')}</th>
                  <th className="num">{t('services.clf.precision')}</th>
                  <th className="num">{t('services.clf.recall')}</th>
                  <th className="num">F1</th>
                  <th className="num">{t('services.clf.support')}</th>
                </tr>
              </thead>
              <tbody>
                {classes.map((k) => (
                  <tr key={k.label} data-testid="clf-class-row" data-label={k.label}>
                    <td>{k.label}</td>
                    <td className="num">{formatStat(k.precision)}</td>
                    <td className="num">{formatStat(k.recall)}</td>
                    <td className="num">{formatStat(k.f1)}</td>
                    <td className="num">{formatCount(k.support)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t('services.clf.perClassNote')}</p>
        </>
      )}
    </section>
  );
}

function TryIt({ endpoint }: { endpoint: EndpointProperties | null }) {
  const [text, setText] = useState('');
  const classify = useMutation({ mutationFn: (s: string) => comprehendApi.classify(endpoint!.EndpointArn, s) });
  const inService = endpoint?.Status === 'IN_SERVICE';
  const origin = window.location.origin;
  const epName = endpoint ? nameFromArn(endpoint.EndpointArn) : '';
  return (
    <section className="panel" data-testid="clf-try">
      <h3 className="panel-title">{t('services.clf.try')}</h3>
      {!inService && <p className="muted small">{t('services.clf.tryNeedsEndpoint')}</p>}
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim()) classify.mutate(text); }}>
        <label className="visually-hidden" htmlFor="clf-try-input">{t('services.clf.tryLabel')}</label>
        <textarea id="clf-try-input" className="svc-textarea" rows={3} value={text} onChange={(e) => setText(e.target.value)}
          data-testid="clf-try-input" placeholder={t('services.clf.tryPlaceholder')} />
        <div className="send-row">
          <button type="submit" className="btn btn-primary" disabled={!inService || !text.trim() || classify.isPending} data-testid="clf-try-run">
            {t('services.clf.classify')}
          </button>
        </div>
      </form>
      {classify.error && <ErrorBox error={classify.error} testId="clf-try-error" />}
      {classify.data && (
        <ScoreBars testId="clf-classes" top={classify.data.Classes[0]?.Name}
          rows={classify.data.Classes.map((k) => ({ label: k.Name, value: k.Score }))} />
      )}
      {endpoint && (
        <Commands items={[
          { label: t('services.awsCli'), code: classifyCli(origin, epName, text || '…'), testId: 'clf-classify-command' },
          { label: 'curl', code: comprehendCurl(origin, 'ClassifyDocument', { EndpointArn: endpoint.EndpointArn, Text: text || '…' }), testId: 'clf-classify-curl' },
        ]} />
      )}
    </section>
  );
}

export default function ClassifierDetail({ name, arn }: { name: string; arn: string }) {
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const described = useQuery({
    queryKey: ['comprehend', 'classifier', arn],
    queryFn: () => comprehendApi.describeClassifier(arn),
    refetchInterval: (q) => (isBusy(q.state.data?.DocumentClassifierProperties.Status) ? 2000 : false),
    retry: false,
  });
  const c = described.data?.DocumentClassifierProperties;
  const endpoints = useQuery({
    queryKey: ['comprehend', 'endpoints'],
    queryFn: comprehendApi.listEndpoints,
    refetchInterval: (q) => (q.state.data?.EndpointPropertiesList.some((e) => e.ModelArn === arn && isBusy(e.Status)) ? 1500 : false),
  });
  const endpoint = endpoints.data?.EndpointPropertiesList.find((e) => e.ModelArn === arn) ?? null;
  // The classifier's own Lathe job (the first label's for MULTI_LABEL), as the server records it.
  const training = useQuery({
    queryKey: ['training-jobs', 'for-classifier', name, c?.Status],
    queryFn: () => api.classifierTraining(name),
    enabled: c !== undefined,
  });
  const first = training.data?.training_jobs.find((j) => j.state !== null) ?? null;
  const job = first ? { id: first.job_id, model_id: first.model_id ?? undefined } : null;
  const stop = useMutation({ mutationFn: () => comprehendApi.stopClassifier(arn), onSuccess: () => void described.refetch() });
  const remove = useMutation({
    mutationFn: () => comprehendApi.deleteClassifier(arn),
    onSuccess: () => {
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ['comprehend', 'classifiers'] });
      navigate('/ai-services/classifiers');
    },
    onError: () => setConfirm(false),
  });

  return (
    <div className="page" data-testid="classifier-detail">
      <header className="page-header">
        <div>
          <a className="back-link" href="/ai-services/classifiers" onClick={linkHandler('/ai-services/classifiers')}>← {t('services.classifiers.title')}</a>
          <h1>{name} {c && <ComprehendStatus status={c.Status} />}</h1>
          <p className="subtitle">
            {c && t('services.clf.detailSubtitle', { language: c.LanguageCode, data: c.InputDataConfig?.S3Uri ?? '' })}
            {c?.SubmitTime ? ` · ${formatDateTime(c.SubmitTime * 1000)}` : ''}
          </p>
        </div>
        <div className="header-actions">
          {job && (
            <a className="btn" href={`/build/${encodeURIComponent(job.id)}`} onClick={linkHandler(`/build/${encodeURIComponent(job.id)}`)} data-testid="clf-open-job">
              {t('services.clf.openJob')}
            </a>
          )}
          {job?.model_id && (
            <a className="btn" href={`/models/${encodeURIComponent(job.model_id)}`} onClick={linkHandler(`/models/${encodeURIComponent(job.model_id)}`)} data-testid="clf-open-model">
              {t('services.clf.openModel')}
            </a>
          )}
          {c && isBusy(c.Status) && (
            <button type="button" className="btn btn-danger-outline" onClick={() => stop.mutate()} disabled={stop.isPending} data-testid="clf-stop">
              {t('services.clf.stop')}
            </button>
          )}
          {c && (
            <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm(true)} data-testid="clf-delete">
              {t('common.delete')}
            </button>
          )}
        </div>
      </header>
      {described.error && <ErrorBox error={described.error} testId="clf-error" />}
      {stop.error && <ErrorBox error={stop.error} />}
      {remove.error && <ErrorBox error={remove.error} testId="clf-delete-error" />}
      {c?.Message && <ErrorBox error={new Error(c.Message)} testId="clf-message" />}
      {c && job && (isBusy(c.Status) || c.Status === 'STOPPED' || c.Status === 'IN_ERROR') && (
        <section className="panel"><TrainingProgress jobId={job.id} /></section>
      )}
      {c && isBusy(c.Status) && !job && <section className="panel muted">{t('services.clf.waitingJob')}</section>}
      {c?.Status === 'TRAINED' && <Metrics c={c} modelId={job?.model_id ?? null} />}
      {c && <EndpointPanel modelArn={c.DocumentClassifierArn} trained={c.Status === 'TRAINED'} endpoint={endpoint} latheEndpoint />}
      {c && <TryIt endpoint={endpoint} />}
      <ConfirmDialog open={confirm} title={t('services.clf.deleteTitle', { name })} body={t('services.clf.deleteBody')}
        confirmLabel={t('common.delete')} busy={remove.isPending} onConfirm={() => remove.mutate()} onCancel={() => setConfirm(false)} />
    </div>
  );
}
