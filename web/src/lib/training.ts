// Folds a training job's Server-Sent Events (docs/automl.md "Events", plus the job's own
// job_queued / stage / evaluation / model_saved / job_finished) into what the Build page shows:
// stage, progress and time left, the leaderboard, the best score over time, and the outcome.
// Pure: the page feeds it events from an EventSource; replaying the same events gives the same
// state, and an event seen twice (a reconnect) is ignored by its seq.
import { t } from '../i18n';

export type TrialStatus = 'running' | 'done' | 'failed' | 'stopped';

export interface Trial {
  trial_id: number;
  learner: string;
  params: Record<string, unknown>;
  source: string;
  data_fraction: number;
  status: TrialStatus;
  mean_score: number | null;
  std_score: number | null;
  oof_score: number | null;
  fit_seconds: number | null;
  duration_seconds: number | null;
  error?: string;
}

export interface BestPoint {
  elapsed: number; // seconds since the job was queued
  score: number;
  trial_id: number;
}

export interface TrainingView {
  lastSeq: number;
  stage: string; // queued, preparing, training, evaluating, saving, done ...
  target: string;
  problemType: string;
  metric: string;
  higherIsBetter: boolean;
  budgetSeconds: number | null;
  validation: string;
  rows: number | null;
  columns: number | null;
  elapsed: number; // seconds, from the latest event
  remaining: number | null; // seconds left in the search, from the latest progress event
  searchElapsed: number | null; // seconds the search has run, from the same event
  trials: Trial[]; // in trial_id order
  bestTrialId: number | null;
  bestScore: number | null;
  bestHistory: BestPoint[];
  ensemble: { selected: boolean; score: number | null; members: { trial_id: number; learner: string; weight: number }[] } | null;
  testMetrics: Record<string, unknown> | null; // the report's metrics plus primary_metric
  modelId: string | null;
  state: string | null; // the job's final state (Completed, Failed, Stopped) once job_finished arrives
  failure: string | null;
  finished: boolean;
  leaks: string[]; // training columns that copy the target ('warning' events of type target_leakage)
}

export const INITIAL_VIEW: TrainingView = {
  lastSeq: 0,
  stage: 'queued',
  target: '',
  problemType: '',
  metric: '',
  higherIsBetter: true,
  budgetSeconds: null,
  validation: '',
  rows: null,
  columns: null,
  elapsed: 0,
  remaining: null,
  searchElapsed: null,
  trials: [],
  bestTrialId: null,
  bestScore: null,
  bestHistory: [],
  ensemble: null,
  testMetrics: null,
  modelId: null,
  state: null,
  failure: null,
  finished: false,
  leaks: [],
};

export type TrainingEvent = { type: string; seq?: number; elapsed?: number } & Record<string, unknown>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function upsertTrial(trials: Trial[], id: number, patch: Partial<Trial>): Trial[] {
  const i = trials.findIndex((t) => t.trial_id === id);
  if (i >= 0) {
    const next = [...trials];
    next[i] = { ...next[i], ...patch };
    return next;
  }
  const fresh: Trial = {
    trial_id: id,
    learner: '',
    params: {},
    source: '',
    data_fraction: 1,
    status: 'running',
    mean_score: null,
    std_score: null,
    oof_score: null,
    fit_seconds: null,
    duration_seconds: null,
    ...patch,
  };
  return [...trials, fresh].sort((a, b) => a.trial_id - b.trial_id);
}

function trialBase(e: TrainingEvent): Partial<Trial> {
  const out: Partial<Trial> = {};
  if (typeof e.learner === 'string') out.learner = e.learner;
  if (e.params && typeof e.params === 'object') out.params = e.params as Record<string, unknown>;
  if (typeof e.source === 'string') out.source = e.source;
  if (num(e.data_fraction) !== null) out.data_fraction = num(e.data_fraction)!;
  return out;
}

export function trainingReducer(view: TrainingView, e: TrainingEvent): TrainingView {
  if (typeof e.seq === 'number') {
    if (e.seq <= view.lastSeq) return view; // replayed after a reconnect
  }
  let v: TrainingView = {
    ...view,
    lastSeq: typeof e.seq === 'number' ? e.seq : view.lastSeq,
    elapsed: Math.max(view.elapsed, num(e.elapsed) ?? view.elapsed),
  };
  switch (e.type) {
    case 'job_queued':
      v = {
        ...v,
        target: str(e.target, v.target),
        problemType: str(e.problem_type, v.problemType),
        metric: str(e.metric, v.metric),
        budgetSeconds: num(e.budget_seconds) ?? v.budgetSeconds,
      };
      break;
    case 'stage':
      v = { ...v, stage: str(e.stage, v.stage) };
      break;
    case 'job_started':
      v = {
        ...v,
        stage: v.stage === 'queued' || v.stage === 'preparing' ? 'training' : v.stage,
        target: str(e.target, v.target),
        problemType: str(e.problem_type, v.problemType),
        metric: str(e.metric, v.metric),
        higherIsBetter: typeof e.higher_is_better === 'boolean' ? e.higher_is_better : v.higherIsBetter,
        budgetSeconds: num(e.budget_seconds) ?? v.budgetSeconds,
        validation: str(e.validation, v.validation),
        rows: num(e.rows) ?? v.rows,
        columns: num(e.columns) ?? v.columns,
      };
      break;
    case 'trial_started':
      v = { ...v, trials: upsertTrial(v.trials, Number(e.trial_id), { ...trialBase(e), status: 'running' }) };
      break;
    case 'trial_finished':
      v = {
        ...v,
        trials: upsertTrial(v.trials, Number(e.trial_id), {
          ...trialBase(e),
          status: 'done',
          mean_score: num(e.mean_score),
          std_score: num(e.std_score),
          oof_score: num(e.oof_score),
          fit_seconds: num(e.fit_seconds),
          duration_seconds: num(e.duration_seconds),
        }),
      };
      break;
    case 'trial_failed':
      v = {
        ...v,
        trials: upsertTrial(v.trials, Number(e.trial_id), {
          ...trialBase(e),
          status: e.stopped === true ? 'stopped' : 'failed',
          error: str(e.error),
        }),
      };
      break;
    case 'new_best': {
      const score = num(e.mean_score);
      const id = Number(e.trial_id);
      v = { ...v, bestTrialId: id, bestScore: score };
      if (score !== null) v.bestHistory = [...v.bestHistory, { elapsed: v.elapsed, score, trial_id: id }];
      break;
    }
    case 'progress':
      v = { ...v, remaining: num(e.remaining_seconds), searchElapsed: num(e.elapsed_seconds) };
      break;
    case 'ensemble': {
      const members = Array.isArray(e.members)
        ? (e.members as Record<string, unknown>[]).map((m) => ({
            trial_id: Number(m.trial_id),
            learner: str(m.learner),
            weight: num(m.weight) ?? 0,
          }))
        : [];
      v = { ...v, ensemble: { selected: e.selected === true, score: num(e.score), members } };
      break;
    }
    case 'finished':
      v = { ...v, remaining: 0 };
      if (e.status === 'failed') v.failure = str(e.error, v.failure ?? '');
      break;
    case 'warning': {
      const w = (e.warning ?? {}) as Record<string, unknown>;
      const column = str(w.column);
      if (w.type === 'target_leakage' && column && !v.leaks.includes(column)) v = { ...v, leaks: [...v.leaks, column] };
      break;
    }
    case 'evaluation':
      v = { ...v, testMetrics: (e.test_metrics as Record<string, unknown>) ?? null };
      break;
    case 'model_saved':
      v = { ...v, modelId: str(e.model_id) || v.modelId };
      break;
    case 'job_finished':
      v = {
        ...v,
        stage: 'done',
        finished: true,
        remaining: 0,
        state: str(e.state, 'Completed'),
        modelId: str(e.model_id) || v.modelId,
        failure: str(e.failure_reason) || v.failure,
        testMetrics: (e.test_metrics as Record<string, unknown>) ?? v.testMetrics,
        trials: v.trials.map((t) => (t.status === 'running' ? { ...t, status: 'stopped' } : t)),
      };
      break;
    default:
      break;
  }
  return v;
}

// The leaderboard: finished full-data trials first, best score first (by the metric's
// direction), then partial-data rungs, then failed / running ones, each group by trial id.
export function leaderboard(view: TrainingView): Trial[] {
  const rank = (t: Trial) => (t.status === 'done' ? (t.data_fraction >= 1 ? 0 : 1) : t.status === 'running' ? 2 : 3);
  const dir = view.higherIsBetter ? -1 : 1;
  return [...view.trials].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra <= 1) {
      const sa = a.mean_score ?? (view.higherIsBetter ? -Infinity : Infinity);
      const sb = b.mean_score ?? (view.higherIsBetter ? -Infinity : Infinity);
      if (sa !== sb) return dir * (sa - sb);
    }
    return a.trial_id - b.trial_id;
  });
}

// Fraction of the budget used, in [0, 1] (1 once finished).
export function progressFraction(view: TrainingView): number {
  if (view.finished) return 1;
  if (view.remaining !== null && view.searchElapsed !== null && view.searchElapsed + view.remaining > 0) {
    return Math.min(0.99, view.searchElapsed / (view.searchElapsed + view.remaining));
  }
  if (view.budgetSeconds) return Math.min(0.99, view.elapsed / view.budgetSeconds);
  return 0;
}

// "1 m 05 s", "12 s".
export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const total = Math.max(0, Math.round(s));
  if (total < 60) return t('build.seconds', { s: total });
  return t('build.minutes', { m: Math.floor(total / 60), s: String(total % 60).padStart(2, '0') });
}
