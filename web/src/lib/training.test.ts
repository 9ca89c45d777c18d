import { describe, expect, it } from 'vitest';
import {
  INITIAL_VIEW,
  formatSeconds,
  leaderboard,
  progressFraction,
  trainingReducer,
  type TrainingEvent,
} from './training';

// A run shaped like the documented event stream (docs/automl.md), with the job's own events.
const EVENTS: TrainingEvent[] = [
  { type: 'job_queued', seq: 1, elapsed: 0, target: 'species', problem_type: 'multiclass', metric: 'accuracy', budget_seconds: 10 },
  { type: 'stage', seq: 2, elapsed: 0.01, stage: 'preparing' },
  { type: 'job_started', seq: 3, elapsed: 0.1, problem_type: 'multiclass', target: 'species', metric: 'accuracy',
    higher_is_better: true, rows: 120, columns: 4, validation: '5-fold', budget_seconds: 10, seed: 42 },
  { type: 'trial_started', seq: 4, elapsed: 0.2, trial_id: 1, learner: 'logistic_regression', params: { C: 1 }, source: 'portfolio', data_fraction: 1 },
  { type: 'trial_finished', seq: 5, elapsed: 0.5, trial_id: 1, learner: 'logistic_regression', params: { C: 1 }, source: 'portfolio',
    data_fraction: 1, fold_scores: [0.9, 0.95], mean_score: 0.925, std_score: 0.03, oof_score: 0.92, rounds: 0, fit_seconds: 0.1, duration_seconds: 0.3 },
  { type: 'new_best', seq: 6, elapsed: 0.5, trial_id: 1, learner: 'logistic_regression', mean_score: 0.925 },
  { type: 'trial_started', seq: 7, elapsed: 0.6, trial_id: 2, learner: 'xgboost', params: { max_depth: 6 }, source: 'portfolio', data_fraction: 1 },
  { type: 'progress', seq: 8, elapsed: 1.1, elapsed_seconds: 1.0, remaining_seconds: 9.0, trials_done: 1, best_score: 0.925 },
  { type: 'trial_finished', seq: 9, elapsed: 2.0, trial_id: 2, learner: 'xgboost', params: { max_depth: 6 }, source: 'portfolio',
    data_fraction: 1, mean_score: 0.96, std_score: 0.02, oof_score: 0.96, fit_seconds: 1.2, duration_seconds: 1.4 },
  { type: 'new_best', seq: 10, elapsed: 2.0, trial_id: 2, learner: 'xgboost', mean_score: 0.96 },
  { type: 'trial_finished', seq: 11, elapsed: 2.5, trial_id: 3, learner: 'xgboost', params: {}, source: 'search',
    data_fraction: 0.33, mean_score: 0.99, std_score: 0, oof_score: 0.99, fit_seconds: 0.2, duration_seconds: 0.3 },
  { type: 'trial_failed', seq: 12, elapsed: 3.0, trial_id: 4, learner: 'knn', params: {}, error: 'out of memory' },
  { type: 'trial_started', seq: 13, elapsed: 3.1, trial_id: 5, learner: 'random_forest', params: {}, source: 'portfolio', data_fraction: 1 },
];

const fold = (events: TrainingEvent[]) => events.reduce(trainingReducer, INITIAL_VIEW);

describe('trainingReducer', () => {
  it('collects target-leakage warnings once per column', () => {
    const leak = (column: string, seq: number): TrainingEvent => ({
      type: 'warning', seq, elapsed: 0.05,
      warning: { type: 'target_leakage', column, reason: 'one_to_one', score: 1, message: `column "${column}" …` },
    });
    const v = fold([...EVENTS.slice(0, 2), leak('label_code', 3), leak('label_code', 4), leak('copy', 5)]);
    expect(v.leaks).toEqual(['label_code', 'copy']);
    expect(fold(EVENTS).leaks).toEqual([]);
  });

  it('takes the problem and budget from the start events', () => {
    const v = fold(EVENTS.slice(0, 3));
    expect(v).toMatchObject({
      target: 'species', problemType: 'multiclass', metric: 'accuracy', higherIsBetter: true,
      budgetSeconds: 10, validation: '5-fold', rows: 120, stage: 'training',
    });
  });

  it('tracks trials and the best score over time', () => {
    const v = fold(EVENTS);
    expect(v.trials.map((t) => [t.trial_id, t.status])).toEqual([
      [1, 'done'], [2, 'done'], [3, 'done'], [4, 'failed'], [5, 'running'],
    ]);
    expect(v.trials[3].error).toBe('out of memory');
    expect(v.bestTrialId).toBe(2);
    expect(v.bestScore).toBe(0.96);
    expect(v.bestHistory).toEqual([
      { elapsed: 0.5, score: 0.925, trial_id: 1 },
      { elapsed: 2.0, score: 0.96, trial_id: 2 },
    ]);
    expect(v.elapsed).toBe(3.1);
  });

  it('ignores events it has already seen (EventSource reconnects resend from Last-Event-ID)', () => {
    const once = fold(EVENTS);
    const twice = fold([...EVENTS, EVENTS[4], EVENTS[9]]);
    expect(twice).toEqual(once);
  });

  it('records the outcome from job_finished and stops running trials', () => {
    const v = fold([
      ...EVENTS,
      { type: 'ensemble', seq: 14, elapsed: 9, candidates: 3, selected: true, score: 0.97,
        members: [{ trial_id: 2, learner: 'xgboost', weight: 0.6 }, { trial_id: 1, learner: 'logistic_regression', weight: 0.4 }] },
      { type: 'finished', seq: 15, elapsed: 9.5, status: 'ok', final_score: 0.97 },
      { type: 'evaluation', seq: 16, elapsed: 9.7, test_rows: 30, test_metrics: { accuracy: 0.93 } },
      { type: 'model_saved', seq: 17, elapsed: 9.8, model_id: 'mdl_1', name: 'iris', version: 1 },
      { type: 'job_finished', seq: 18, elapsed: 9.9, state: 'Completed', model_id: 'mdl_1', test_metrics: { accuracy: 0.93 } },
    ]);
    expect(v.finished).toBe(true);
    expect(v.state).toBe('Completed');
    expect(v.modelId).toBe('mdl_1');
    expect(v.testMetrics).toEqual({ accuracy: 0.93 }); // job_finished's copy replaces the evaluation event's
    expect(v.ensemble?.members.map((m) => m.trial_id)).toEqual([2, 1]);
    expect(v.trials.find((t) => t.trial_id === 5)?.status).toBe('stopped');
    expect(progressFraction(v)).toBe(1);
  });

  it('keeps the failure reason', () => {
    const v = fold([
      EVENTS[0],
      { type: 'job_finished', seq: 2, elapsed: 1, state: 'Failed', failure_reason: "target 'x' not found" },
    ]);
    expect(v.state).toBe('Failed');
    expect(v.failure).toBe("target 'x' not found");
    expect(v.modelId).toBeNull();
  });
});

describe('leaderboard', () => {
  it('ranks full-data trials by score, then partial rungs, running and failed trials', () => {
    const ids = leaderboard(fold(EVENTS)).map((t) => t.trial_id);
    // trial 3 has the highest score but used a third of the data: it ranks below full-data trials.
    expect(ids).toEqual([2, 1, 3, 5, 4]);
  });

  it('puts the lowest score first when lower is better', () => {
    const v = fold([
      { type: 'job_started', seq: 1, metric: 'rmse', higher_is_better: false },
      { type: 'trial_finished', seq: 2, trial_id: 1, learner: 'a', data_fraction: 1, mean_score: 3.5 },
      { type: 'trial_finished', seq: 3, trial_id: 2, learner: 'b', data_fraction: 1, mean_score: 1.25 },
      { type: 'trial_finished', seq: 4, trial_id: 3, learner: 'c', data_fraction: 1, mean_score: null },
    ]);
    expect(leaderboard(v).map((t) => t.trial_id)).toEqual([2, 1, 3]);
  });
});

describe('progress', () => {
  it('uses the search clock while it runs, the budget before', () => {
    expect(progressFraction(fold(EVENTS.slice(0, 3)))).toBeCloseTo(0.1 / 10);
    expect(progressFraction(fold(EVENTS.slice(0, 8)))).toBeCloseTo(1 / 10);
    expect(progressFraction(INITIAL_VIEW)).toBe(0);
  });

  it('formats seconds', () => {
    expect(formatSeconds(12.4)).toBe('12 s');
    expect(formatSeconds(65)).toBe('1 m 05 s');
    expect(formatSeconds(null)).toBe('—');
  });
});
