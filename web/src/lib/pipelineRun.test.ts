import { describe, expect, it } from 'vitest';
import type { PipelineRun } from '../api/pipelines';
import {
  applyRunEvent,
  elapsedSeconds,
  formatElapsed,
  INITIAL_RUN_VIEW,
  latestRuns,
  MAX_LOG_LINES,
  outputLinks,
  parseRunEvent,
  reportOutput,
  type RunView,
} from './pipelineRun';

const T0 = Date.UTC(2026, 10, 29, 20, 0, 0);

function snapshot(): PipelineRun {
  return {
    id: 'run_1',
    state: 'Executing',
    created_at: new Date(T0).toISOString(),
    pipeline: { id: 'pl_1', name: 'p', version: 2 },
    parameters: { target: 'species' },
    order: ['data', 'automl', 'evaluate'],
    steps: {
      data: { type: 'Dataset', state: 'Succeeded', started_at: new Date(T0).toISOString(), ended_at: new Date(T0 + 500).toISOString() },
      automl: { type: 'AutoML', state: 'Pending' },
      evaluate: { type: 'Evaluate', state: 'Pending' },
    },
  };
}

function play(events: [string, unknown, number][]): RunView {
  let view = INITIAL_RUN_VIEW;
  for (const [name, body, at] of events) {
    const ev = parseRunEvent(name, JSON.stringify(body));
    expect(ev, `${name} ${JSON.stringify(body)}`).not.toBeNull();
    view = applyRunEvent(view, ev!, at);
  }
  return view;
}

describe('run events', () => {
  it('follow a run from the snapshot to the end', () => {
    const view = play([
      ['snapshot', snapshot(), T0],
      ['step', { step: 'automl', state: 'Running', run_state: 'Executing' }, T0 + 1000],
      ['progress', { step: 'automl', fraction: 0.4, trials: 12, best_score: 0.96, metric: 'accuracy' }, T0 + 3000],
      ['log', { step: 'automl', line: 'trial 12: xgboost 0.96' }, T0 + 3000],
      ['step', { step: 'automl', state: 'Succeeded', outputs: { model: { type: 'model', id: 'mdl_1', name: 'iris-species', version: 1 } } }, T0 + 9000],
      ['step', { step: 'evaluate', state: 'Failed', error: 'dataset has no column species' }, T0 + 9500],
      ['run', { state: 'Failed', failure_reason: 'evaluate failed' }, T0 + 9600],
    ]);
    const automl = view.run!.steps.automl;
    expect(automl.state).toBe('Succeeded');
    expect(automl.progress).toEqual({ fraction: 0.4, trials: 12, best_score: 0.96, metric: 'accuracy' });
    expect(elapsedSeconds(automl, T0 + 60_000)).toBe(8); // stamped start and end
    expect(view.run!.steps.evaluate.error).toBe('dataset has no column species');
    expect(view.logs.automl).toEqual(['trial 12: xgboost 0.96']);
    expect(view.run!.state).toBe('Failed');
    expect(view.run!.failure_reason).toBe('evaluate failed');
    expect(view.ended).toBe(true);
  });

  it('keeps the server timestamps when events carry them and ticks while running', () => {
    const view = play([
      ['snapshot', { run: snapshot() }, T0],
      ['step', { step: 'automl', state: 'Running', started_at: new Date(T0 - 2000).toISOString() }, T0],
    ]);
    expect(elapsedSeconds(view.run!.steps.automl, T0 + 3000)).toBe(5);
    expect(elapsedSeconds(view.run!.steps.evaluate, T0)).toBeNull();
    expect(view.ended).toBe(false);
  });

  it('use the server time of step events, and a retry restarts the clock', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const view = play([
      ['snapshot', snapshot(), T0],
      ['step', { step: 'automl', state: 'Running', time: iso(T0 + 1000) }, T0 + 5000],
      ['step', { step: 'automl', state: 'Failed', time: iso(T0 + 2000) }, T0 + 5000],
      ['step', { step: 'automl', state: 'Running', time: iso(T0 + 3000) }, T0 + 5000],
    ]);
    expect(view.run!.steps.automl.ended_at).toBeNull();
    expect(elapsedSeconds(view.run!.steps.automl, T0 + 4000)).toBe(1);
    const done = applyRunEvent(view, { kind: 'step', step: 'automl', state: 'Succeeded', time: iso(T0 + 7500) }, T0 + 9000);
    expect(elapsedSeconds(done.run!.steps.automl, T0 + 60_000)).toBe(4.5);
    // A step skipped without ever running gets no elapsed time of its own beyond zero.
    const skipped = applyRunEvent(view, { kind: 'step', step: 'evaluate', state: 'Skipped', time: iso(T0 + 8000) }, T0 + 9000);
    expect(elapsedSeconds(skipped.run!.steps.evaluate, T0 + 60_000)).toBe(0);
  });

  it('drop malformed messages and bound the log', () => {
    expect(parseRunEvent('step', 'not json')).toBeNull();
    expect(parseRunEvent('step', '{"state": "Running"}')).toBeNull();
    expect(parseRunEvent('snapshot', '{"state": "Executing"}')).toBeNull();
    let view = INITIAL_RUN_VIEW;
    for (let i = 0; i < MAX_LOG_LINES + 5; i++) view = applyRunEvent(view, { kind: 'log', step: 's', line: `l${i}` }, T0);
    expect(view.logs.s.length).toBe(MAX_LOG_LINES);
    expect(view.logs.s[0]).toBe('l5');
  });
});

describe('run helpers', () => {
  it('format elapsed times', () => {
    expect(formatElapsed(7.25)).toBe('7.3 s');
    expect(formatElapsed(42)).toBe('42 s');
    expect(formatElapsed(65)).toBe('1:05');
    expect(formatElapsed(3729)).toBe('1:02:09');
  });

  it('pick the newest run of each pipeline', () => {
    const run = (id: string, name: string) => ({ ...snapshot(), id, pipeline: { id: 'x', name, version: 1 } });
    const latest = latestRuns([run('r3', 'a'), run('r2', 'b'), run('r1', 'a')]);
    expect(latest.get('a')!.id).toBe('r3');
    expect(latest.get('b')!.id).toBe('r2');
  });

  it('link outputs to their pages', () => {
    const outputs = {
      train: { type: 'dataset', id: 'ds_1', name: 'iris', version: 3 },
      model: { type: 'model', id: 'mdl/1', name: 'm', version: 1 },
      endpoint: { type: 'endpoint', name: 'iris-live', url: '/endpoints/iris-live/invocations' },
      report: { type: 'report', metrics: { accuracy: 0.95 }, primary_metric: 'accuracy' },
      result: true,
    };
    expect(outputLinks(outputs)).toEqual([
      { output: 'train', type: 'dataset', label: 'iris v3', href: '/datasets/ds_1' },
      { output: 'model', type: 'model', label: 'm v1', href: '/models/mdl%2F1' },
      { output: 'endpoint', type: 'endpoint', label: 'iris-live', href: '/endpoints/iris-live' },
    ]);
    expect(reportOutput(outputs)!.metrics).toEqual({ accuracy: 0.95 });
    expect(reportOutput({ result: true })).toBeNull();
  });
});
