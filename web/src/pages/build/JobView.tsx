// The live view of one training job (/build/<job id>): the event stream
// (GET /api/v1/training-jobs/{id}/events, Server-Sent Events) folded by lib/training.ts into a
// progress bar with the time left, a leaderboard that updates with every finished trial, the
// best score over time, and, at the end, the test metrics and a link to the model. Cancel sends
// DELETE /api/v1/training-jobs/{id}.
import { useEffect, useMemo, useReducer, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { lineOption } from '../../components/chartOptions';
import { t, tn, tOr } from '../../i18n';
import { rich } from '../../i18n/rich';
import { learnerLabel, metricLabel } from '../../lib/build';
import { formatCount, formatFixed, formatPercent, formatStat } from '../../lib/format';
import { useLook } from '../../lib/theme';
import { linkHandler } from '../../lib/router';
import {
  INITIAL_VIEW,
  formatSeconds,
  leaderboard,
  progressFraction,
  trainingReducer,
  type TrainingEvent,
  type TrainingView,
} from '../../lib/training';

// Every event type the server sends (an EventSource only hears the named types it listens to).
const EVENT_TYPES = [
  'job_queued', 'stage', 'job_started', 'trial_started', 'trial_finished', 'trial_failed', 'new_best',
  'progress', 'ensemble', 'refit', 'finished', 'evaluation', 'model_saved', 'job_finished',
  'stop_requested', 'message',
];

type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed';

// The job's event stream folded into a view (also used by the custom classifier page).
export function useTrainingEvents(id: string): [TrainingView, Connection] {
  const [view, dispatch] = useReducer(trainingReducer, INITIAL_VIEW);
  const [connection, setConnection] = useState<Connection>('connecting');
  useEffect(() => {
    const source = new EventSource(api.trainingEventsUrl(id));
    const onEvent = (ev: MessageEvent<string>) => {
      setConnection('live');
      let event: TrainingEvent;
      try {
        event = JSON.parse(ev.data) as TrainingEvent;
      } catch {
        return;
      }
      dispatch(event);
      if (event.type === 'job_finished') {
        source.close(); // the log is complete; do not let EventSource reconnect
        setConnection('closed');
      }
    };
    for (const t of EVENT_TYPES) source.addEventListener(t, onEvent as EventListener);
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => source.close();
  }, [id]);
  return [view, connection];
}

// Job states are SageMaker-style words (Pending, InProgress, Stopping, Completed, Failed, Stopped).
export function stateKey(state: string): string {
  return state.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

export function StatePill({ state }: { state: string }) {
  const key = stateKey(state);
  return (
    <span className={`state-pill state-${key}`} data-testid="job-state" data-state={key}>
      {tOr(`build.state.${key}`, key.replace(/_/g, ' '))}
    </span>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function Progress({ view, state }: { view: TrainingView; state: string }) {
  const fraction = progressFraction(view);
  const left = view.finished ? null : view.remaining;
  const done = view.trials.filter((tr) => tr.status === 'done').length;
  return (
    <div className="job-progress">
      <div className="progress" data-testid="job-progress" aria-label={t('build.job.progress')}
        role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress-bar" style={{ width: `${Math.round(fraction * 100)}%` }} />
        <span className="progress-label">
          {view.finished
            ? state === 'completed' ? t('build.job.finished') : capitalise(tOr(`build.state.${state}`, state))
            : t('build.job.stageProgress', {
              stage: tOr(`build.stage.${view.stage}`, view.stage),
              percent: `${formatCount(Math.round(fraction * 100))}%`,
            })}
        </span>
      </div>
      <div className="job-stats">
        <span>{t('build.job.elapsed')} <strong>{formatSeconds(view.elapsed)}</strong></span>
        {left !== null && (
          <span>{rich('build.job.timeLeft', { time: <strong data-testid="time-left">{formatSeconds(left)}</strong> })}</span>
        )}
        <span><strong>{formatCount(done)}</strong> {tn('build.job.trialsWord', done)}</span>
        {view.bestScore !== null && (
          <span>{t('build.job.best', { metric: metricLabel(view.metric) })}{' '}
            <strong data-testid="best-score" data-value={view.bestScore}>{formatStat(view.bestScore)}</strong></span>
        )}
        {view.validation && <span className="muted">{t('build.job.validation', { validation: view.validation })}</span>}
      </div>
    </div>
  );
}

export function Leaderboard({ view }: { view: TrainingView }) {
  const rows = leaderboard(view);
  if (rows.length === 0) {
    return <p className="muted pad">{t('build.job.waiting')}</p>;
  }
  const ensembleIds = new Set(view.ensemble?.selected ? view.ensemble.members.map((m) => m.trial_id) : []);
  return (
    <div className="table-wrap leaderboard-wrap">
      <table className="table compact" data-testid="leaderboard">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('build.job.learner')}</th>
            <th className="num">{metricLabel(view.metric) || t('build.job.score')}</th>
            <th className="num">{t('build.job.sd')}</th>
            <th className="num">{t('build.job.data')}</th>
            <th className="num">{t('build.job.fit')}</th>
            <th>{t('build.job.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((trial) => (
            <tr key={trial.trial_id} data-testid="leaderboard-row" data-trial={trial.trial_id}
              className={`${trial.trial_id === view.bestTrialId ? 'best' : ''} trial-${trial.status}`}>
              <td className="num muted">{trial.trial_id}</td>
              <td title={`${learnerLabel(trial.learner)} ${JSON.stringify(trial.params)}`}>
                <span className="learner">{trial.learner || '—'}</span>
                {trial.trial_id === view.bestTrialId && <span className="tag ok">{t('build.job.bestTag')}</span>}
                {ensembleIds.has(trial.trial_id) && <span className="tag">{t('build.job.ensembleTag')}</span>}
                {trial.source === 'search' && <span className="muted small"> {t('build.job.tuned')}</span>}
              </td>
              <td className="num"><strong>{formatStat(trial.mean_score)}</strong></td>
              <td className="num muted">{trial.std_score != null ? formatStat(trial.std_score) : ''}</td>
              <td className="num">{trial.data_fraction < 1 ? formatPercent(trial.data_fraction) : t('build.job.all')}</td>
              <td className="num muted">{trial.fit_seconds != null ? t('build.seconds', { s: formatFixed(trial.fit_seconds, 1) }) : ''}</td>
              <td className="small" title={trial.error}>
                {trial.status === 'failed'
                  ? <span className="warn-text">{t('build.trial.failed')}</span>
                  : t(`build.trial.${trial.status}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BestOverTime({ view }: { view: TrainingView }) {
  const look = useLook();
  const option = useMemo(() => {
    const points = view.bestHistory.map((p) => [p.elapsed, p.score] as [number, number]);
    if (points.length > 0) points.push([Math.max(view.elapsed, points[points.length - 1][0]), points[points.length - 1][1]]);
    return lineOption(
      [{ name: t('build.job.bestSeries', { metric: metricLabel(view.metric) }), points, color: '#4f46e5', step: true, area: true }],
      { xName: t('build.job.seconds'), xMin: 0, legend: false },
    );
  }, [view.bestHistory, view.elapsed, view.metric, look]);
  if (view.bestHistory.length === 0) return <p className="muted pad">{t('build.job.bestAppears')}</p>;
  return <EChart option={option} height={220} testId="best-chart" ariaLabel={t('build.job.bestChart')} />;
}

export function JobView({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [view, connection] = useTrainingEvents(id);
  const job = useQuery({
    queryKey: ['training-job', id],
    queryFn: () => api.getTrainingJob(id),
    refetchInterval: view.finished ? false : 3000,
  });
  useEffect(() => {
    if (view.finished) {
      void queryClient.invalidateQueries({ queryKey: ['training-job', id] });
      void queryClient.invalidateQueries({ queryKey: ['training-jobs'] });
      void queryClient.invalidateQueries({ queryKey: ['models'] });
    }
  }, [view.finished, id, queryClient]);
  const stop = useMutation({ mutationFn: (keepBest: boolean) => api.stopTrainingJob(id, keepBest) });

  const state = stateKey(view.state ?? job.data?.state ?? 'Pending');
  const finished = view.finished || ['completed', 'failed', 'stopped'].includes(stateKey(job.data?.state ?? ''));
  const modelId = view.modelId ?? job.data?.model_id ?? null;
  const failure = view.failure ?? job.data?.failure_reason ?? null;
  const target = view.target || job.data?.target || '';
  const testMetrics = view.testMetrics ?? job.data?.test_metrics ?? null;
  const problem = view.problemType || job.data?.problem_type || '';

  if (job.error && view.lastSeq === 0) {
    return (
      <div className="page">
        <a href="/build" onClick={linkHandler('/build')} className="back-link">{t('build.job.back')}</a>
        <ErrorBox error={job.error} testId="job-error" />
      </div>
    );
  }

  return (
    <div className="page wide" data-testid="job-view">
      <a href="/build" onClick={linkHandler('/build')} className="back-link">{t('build.job.back')}</a>
      <header className="page-header">
        <div>
          <h1>
            {t('build.job.predicting')} <code className="h-code">{target || '…'}</code> <StatePill state={state} />
          </h1>
          <p className="subtitle">
            {job.data?.dataset &&
              t('build.job.from', { dataset: t('common.versionOf', { name: job.data.dataset.name, version: job.data.dataset.version }) })}
            {t('build.job.optimising', {
              problem: tOr(`common.problem.${problem}`, problem),
              metric: metricLabel(view.metric || job.data?.metric || ''),
            })}
            {connection === 'reconnecting' && <span className="warn-text">{t('build.job.reconnecting')}</span>}
          </p>
        </div>
        <div className="header-actions">
          {!finished && view.bestTrialId !== null && !stop.isSuccess && (
            <button className="btn" onClick={() => stop.mutate(true)} disabled={stop.isPending}
              title={t('build.job.finishNowHint')} data-testid="job-finish-now">
              {t('build.job.finishNow')}
            </button>
          )}
          {!finished && (
            <button className="btn btn-danger-outline" onClick={() => stop.mutate(false)} disabled={stop.isPending || stop.isSuccess}
              data-testid="job-cancel">
              {stop.isSuccess ? t('build.job.stopping') : t('common.cancel')}
            </button>
          )}
          {modelId && (
            <a className="btn btn-primary" href={`/models/${encodeURIComponent(modelId)}`}
              onClick={linkHandler(`/models/${encodeURIComponent(modelId)}`)} data-testid="open-model">
              {t('build.job.openModel')}
            </a>
          )}
        </div>
      </header>
      {stop.error && <ErrorBox error={stop.error} />}

      <section className="panel">
        <Progress view={view} state={state} />
        {finished && state === 'completed' && testMetrics && (
          <div className="notice success" data-testid="job-done">
            {t('build.job.done', {
              metrics: Object.entries(testMetrics).filter(([, v]) => typeof v === 'number').slice(0, 4)
                .map(([k, v]) => `${metricLabel(k)} ${formatStat(v as number)}`).join(' · '),
            })}
          </div>
        )}
        {view.leaks.length > 0 && (
          <div className="notice warn" data-testid="job-leakage">
            {t('build.job.leakage', { columns: view.leaks.join(', '), target })}
          </div>
        )}
        {finished && state === 'failed' && (
          <ErrorBox error={new Error(failure || t('build.job.failedDefault'))} testId="job-failed" />
        )}
        {finished && state === 'stopped' && (
          <div className="notice warn">{modelId ? t('build.job.stopped') : t('build.job.stoppedNoModel')}</div>
        )}
      </section>

      <div className="job-grid">
        <section className="panel">
          <h3 className="panel-title">{t('build.job.leaderboard')}</h3>
          <Leaderboard view={view} />
        </section>
        <section className="panel">
          <h3 className="panel-title">{t('build.job.bestOverTime', { metric: metricLabel(view.metric) || t('build.job.scoreWord') })}</h3>
          <BestOverTime view={view} />
          {view.ensemble && (
            <p className="small muted" data-testid="ensemble">
              {t('build.job.ensemble', { count: formatCount(view.ensemble.members.length), score: formatStat(view.ensemble.score) })}
              {view.ensemble.selected ? t('build.job.ensembleKept') : t('build.job.ensembleNotKept')}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
