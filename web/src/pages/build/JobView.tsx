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
import { metricLabel } from '../../lib/build';
import { formatStat } from '../../lib/format';
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

function useTrainingEvents(id: string): [TrainingView, Connection] {
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
  return <span className={`state-pill state-${key}`} data-testid="job-state" data-state={key}>{key.replace(/_/g, ' ')}</span>;
}

function Progress({ view, state }: { view: TrainingView; state: string }) {
  const fraction = progressFraction(view);
  const left = view.finished ? null : view.remaining;
  return (
    <div className="job-progress">
      <div className="progress" data-testid="job-progress" aria-label="Training progress"
        role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress-bar" style={{ width: `${Math.round(fraction * 100)}%` }} />
        <span className="progress-label">
          {view.finished
            ? state === 'completed' ? 'Finished' : state.charAt(0).toUpperCase() + state.slice(1)
            : `${view.stage} · ${Math.round(fraction * 100)}%`}
        </span>
      </div>
      <div className="job-stats">
        <span>Elapsed <strong>{formatSeconds(view.elapsed)}</strong></span>
        {left !== null && <span>About <strong data-testid="time-left">{formatSeconds(left)}</strong> left</span>}
        <span><strong>{view.trials.filter((t) => t.status === 'done').length}</strong> trials</span>
        {view.bestScore !== null && (
          <span>Best {metricLabel(view.metric)} <strong data-testid="best-score">{formatStat(view.bestScore)}</strong></span>
        )}
        {view.validation && <span className="muted">{view.validation} validation</span>}
      </div>
    </div>
  );
}

function Leaderboard({ view }: { view: TrainingView }) {
  const rows = leaderboard(view);
  if (rows.length === 0) {
    return <p className="muted pad">Waiting for the first trial…</p>;
  }
  const ensembleIds = new Set(view.ensemble?.selected ? view.ensemble.members.map((m) => m.trial_id) : []);
  return (
    <div className="table-wrap leaderboard-wrap">
      <table className="table compact" data-testid="leaderboard">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Learner</th>
            <th className="num">{metricLabel(view.metric) || 'Score'}</th>
            <th className="num">± sd</th>
            <th className="num">Data</th>
            <th className="num">Fit</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.trial_id} data-testid="leaderboard-row" data-trial={t.trial_id}
              className={`${t.trial_id === view.bestTrialId ? 'best' : ''} trial-${t.status}`}>
              <td className="num muted">{t.trial_id}</td>
              <td title={JSON.stringify(t.params)}>
                <span className="learner">{t.learner || '—'}</span>
                {t.trial_id === view.bestTrialId && <span className="tag ok">best</span>}
                {ensembleIds.has(t.trial_id) && <span className="tag">ensemble</span>}
                {t.source === 'search' && <span className="muted small"> tuned</span>}
              </td>
              <td className="num"><strong>{formatStat(t.mean_score)}</strong></td>
              <td className="num muted">{t.std_score != null ? formatStat(t.std_score) : ''}</td>
              <td className="num">{t.data_fraction < 1 ? `${Math.round(t.data_fraction * 100)}%` : 'all'}</td>
              <td className="num muted">{t.fit_seconds != null ? `${t.fit_seconds.toFixed(1)} s` : ''}</td>
              <td className="small" title={t.error}>
                {t.status === 'failed' ? <span className="warn-text">failed</span> : t.status}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BestOverTime({ view }: { view: TrainingView }) {
  const option = useMemo(() => {
    const points = view.bestHistory.map((p) => [p.elapsed, p.score] as [number, number]);
    if (points.length > 0) points.push([Math.max(view.elapsed, points[points.length - 1][0]), points[points.length - 1][1]]);
    return lineOption(
      [{ name: `best ${metricLabel(view.metric)}`, points, color: '#4f46e5', step: true, area: true }],
      { xName: 'seconds', xMin: 0, legend: false },
    );
  }, [view.bestHistory, view.elapsed, view.metric]);
  if (view.bestHistory.length === 0) return <p className="muted pad">The best score appears after the first trial.</p>;
  return <EChart option={option} height={220} testId="best-chart" ariaLabel="Best score over time" />;
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
  const stop = useMutation({ mutationFn: () => api.stopTrainingJob(id) });

  const state = stateKey(view.state ?? job.data?.state ?? 'Pending');
  const finished = view.finished || ['completed', 'failed', 'stopped'].includes(stateKey(job.data?.state ?? ''));
  const modelId = view.modelId ?? job.data?.model_id ?? null;
  const failure = view.failure ?? job.data?.failure_reason ?? null;
  const target = view.target || job.data?.target || '';
  const testMetrics = view.testMetrics ?? job.data?.test_metrics ?? null;

  if (job.error && view.lastSeq === 0) {
    return (
      <div className="page">
        <a href="/build" onClick={linkHandler('/build')} className="back-link">← Build</a>
        <ErrorBox error={job.error} testId="job-error" />
      </div>
    );
  }

  return (
    <div className="page wide" data-testid="job-view">
      <a href="/build" onClick={linkHandler('/build')} className="back-link">← Build</a>
      <header className="page-header">
        <div>
          <h1>
            Predicting <code className="h-code">{target || '…'}</code> <StatePill state={state} />
          </h1>
          <p className="subtitle">
            {job.data?.dataset && <>from {job.data.dataset.name} v{job.data.dataset.version} · </>}
            {view.problemType || job.data?.problem_type} · optimising {metricLabel(view.metric || job.data?.metric || '')}
            {connection === 'reconnecting' && <span className="warn-text"> · reconnecting…</span>}
          </p>
        </div>
        <div className="header-actions">
          {!finished && (
            <button className="btn btn-danger-outline" onClick={() => stop.mutate()} disabled={stop.isPending || stop.isSuccess}
              data-testid="job-cancel">
              {stop.isSuccess ? 'Stopping…' : 'Cancel'}
            </button>
          )}
          {modelId && (
            <a className="btn btn-primary" href={`/models/${encodeURIComponent(modelId)}`}
              onClick={linkHandler(`/models/${encodeURIComponent(modelId)}`)} data-testid="open-model">
              Open the model →
            </a>
          )}
        </div>
      </header>
      {stop.error && <ErrorBox error={stop.error} />}

      <section className="panel">
        <Progress view={view} state={state} />
        {finished && state === 'completed' && testMetrics && (
          <div className="notice success" data-testid="job-done">
            Done. On the held-out test rows:{' '}
            {Object.entries(testMetrics).filter(([, v]) => typeof v === 'number').slice(0, 4)
              .map(([k, v]) => `${metricLabel(k)} ${formatStat(v as number)}`).join(' · ')}
          </div>
        )}
        {finished && state === 'failed' && (
          <ErrorBox error={new Error(failure || 'The training job failed.')} testId="job-failed" />
        )}
        {finished && state === 'stopped' && <div className="notice warn">Stopped before the budget ran out{modelId ? '' : '; no model was saved'}.</div>}
      </section>

      <div className="job-grid">
        <section className="panel">
          <h3 className="panel-title">Leaderboard</h3>
          <Leaderboard view={view} />
        </section>
        <section className="panel">
          <h3 className="panel-title">Best {metricLabel(view.metric) || 'score'} over time</h3>
          <BestOverTime view={view} />
          {view.ensemble && (
            <p className="small muted" data-testid="ensemble">
              Ensemble of {view.ensemble.members.length} trials: {formatStat(view.ensemble.score)}
              {view.ensemble.selected ? ' (kept: it beats the best single trial)' : ' (not kept)'}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
