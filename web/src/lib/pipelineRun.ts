// Pure logic of the pipeline run view: the run state kept up to date from the event stream
// (GET /api/v1/pipeline-runs/{id}/events: snapshot, step, log, progress, run), elapsed times,
// the latest run of each pipeline, and the links a step's outputs lead to.
//
// Example:
//   let view = INITIAL_RUN_VIEW;
//   const ev = parseRunEvent('step', '{"step": "split", "state": "Running"}');
//   if (ev) view = applyRunEvent(view, ev, Date.now());
import type { PipelineRun, RunEvent, RunStep, StepOutput } from '../api/pipelines';

export interface RunView {
  run: PipelineRun | null;
  logs: Record<string, string[]>; // lines that arrived as `log` events, per step
  ended: boolean;
}

export const INITIAL_RUN_VIEW: RunView = { run: null, logs: {}, ended: false };
export const MAX_LOG_LINES = 2000;

const TERMINAL_RUN = ['Succeeded', 'Failed', 'Stopped'];
const TERMINAL_STEP = ['Succeeded', 'Failed', 'Skipped', 'Cached'];

export const isTerminalRun = (state: string | undefined) => !!state && TERMINAL_RUN.includes(state);
export const isTerminalStep = (state: string | undefined) => !!state && TERMINAL_STEP.includes(state);

// The event of one SSE message, or null when its data is not the JSON it should be.
export function parseRunEvent(name: string, data: string): RunEvent | null {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  switch (name) {
    case 'snapshot': {
      const run = (body.run && typeof body.run === 'object' ? body.run : body) as PipelineRun;
      return run.id && run.steps ? { kind: 'snapshot', run } : null;
    }
    case 'step':
      return typeof body.step === 'string' && typeof body.state === 'string'
        ? ({ kind: 'step', ...body } as RunEvent)
        : null;
    case 'log':
      return typeof body.step === 'string' ? { kind: 'log', step: body.step, line: String(body.line ?? '') } : null;
    case 'progress':
      return typeof body.step === 'string' ? ({ kind: 'progress', ...body } as RunEvent) : null;
    case 'run':
      return typeof body.state === 'string' ? ({ kind: 'run', ...body } as RunEvent) : null;
    default:
      return null;
  }
}

function withStep(run: PipelineRun, id: string, change: (s: RunStep) => RunStep): PipelineRun {
  const prev = run.steps[id] ?? { state: 'Pending' };
  return { ...run, steps: { ...run.steps, [id]: change(prev) } };
}

// The view after one event. `now` (ms) stamps a step's start or end when the event carries none,
// so elapsed times still show.
export function applyRunEvent(view: RunView, event: RunEvent, now: number): RunView {
  const stamp = new Date(now).toISOString();
  switch (event.kind) {
    case 'snapshot':
      return { ...view, run: event.run, ended: isTerminalRun(event.run.state) };
    case 'log': {
      const lines = [...(view.logs[event.step] ?? []), event.line];
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
      return { ...view, logs: { ...view.logs, [event.step]: lines } };
    }
    case 'step': {
      if (!view.run) return view;
      let run = withStep(view.run, event.step, (s) => {
        const next: RunStep = { ...s, state: event.state };
        if (event.outputs !== undefined) next.outputs = event.outputs;
        if (event.error !== undefined) next.error = event.error;
        if (event.reason !== undefined) next.reason = event.reason;
        // The server stamps each step event with `time`: a start when Running (a retry restarts
        // the clock), an end when terminal.
        const at = event.time ?? stamp;
        if (event.started_at) next.started_at = event.started_at;
        else if (event.state === 'Running' && (event.time || !s.started_at)) next.started_at = at;
        if (event.state === 'Running') next.ended_at = null;
        if (event.ended_at) next.ended_at = event.ended_at;
        else if (isTerminalStep(event.state) && !s.ended_at) {
          next.ended_at = at;
          if (!next.started_at) next.started_at = at;
        }
        return next;
      });
      if (event.run_state) run = { ...run, state: event.run_state };
      return { ...view, run };
    }
    case 'progress': {
      if (!view.run) return view;
      const { fraction, trials, best_score, metric } = event;
      return {
        ...view,
        run: withStep(view.run, event.step, (s) => ({ ...s, progress: { ...s.progress, fraction, trials, best_score, metric } })),
      };
    }
    case 'run': {
      if (!view.run) return { ...view, ended: isTerminalRun(event.state) };
      const run: PipelineRun = { ...view.run, state: event.state };
      if (event.failure_reason !== undefined) run.failure_reason = event.failure_reason;
      if (isTerminalRun(event.state) && !run.ended_at) run.ended_at = stamp;
      return { ...view, run, ended: isTerminalRun(event.state) };
    }
  }
}

// Seconds a step has run (until it ended, or until `now` while it runs), or null before it starts.
export function elapsedSeconds(step: RunStep | undefined, now: number): number | null {
  if (!step?.started_at) return null;
  const start = Date.parse(step.started_at);
  if (Number.isNaN(start)) return null;
  const end = step.ended_at ? Date.parse(step.ended_at) : now;
  return Math.max(0, ((Number.isNaN(end) ? now : end) - start) / 1000);
}

// "7 s", "1:05", "1:02:09".
export function formatElapsed(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.floor(seconds)} s`;
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

// The newest run of each pipeline, from a newest-first list.
export function latestRuns(runs: PipelineRun[]): Map<string, PipelineRun> {
  const latest = new Map<string, PipelineRun>();
  for (const r of runs) if (!latest.has(r.pipeline.name)) latest.set(r.pipeline.name, r);
  return latest;
}

export interface OutputLink {
  output: string;
  type: string;
  label: string;
  href: string | null;
}

// The studio pages a step's artifacts live on: a dataset, a model, an endpoint. Reports and
// condition results have no page (the run view shows them in place).
export function outputLinks(outputs: RunStep['outputs']): OutputLink[] {
  const links: OutputLink[] = [];
  for (const [name, raw] of Object.entries(outputs ?? {})) {
    if (!raw || typeof raw !== 'object') continue;
    const o = raw as StepOutput;
    const version = o.version != null ? ` v${o.version}` : '';
    if (o.type === 'dataset' && o.id) links.push({ output: name, type: 'dataset', label: `${o.name ?? o.id}${version}`, href: `/datasets/${encodeURIComponent(o.id)}` });
    else if (o.type === 'model' && o.id) links.push({ output: name, type: 'model', label: `${o.name ?? o.id}${version}`, href: `/models/${encodeURIComponent(o.id)}` });
    else if (o.type === 'endpoint' && o.name) links.push({ output: name, type: 'endpoint', label: o.name, href: `/endpoints/${encodeURIComponent(o.name)}` });
  }
  return links;
}

// The report output of an Evaluate step, if any.
export function reportOutput(outputs: RunStep['outputs']): StepOutput | null {
  for (const raw of Object.values(outputs ?? {})) {
    if (raw && typeof raw === 'object' && (raw as StepOutput).type === 'report') return raw as StepOutput;
  }
  return null;
}
