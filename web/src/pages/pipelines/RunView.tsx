// A pipeline run (/pipelines/<name>/runs/<id>): the pipeline's canvas, read-only, with each node
// coloured by its live state from the run's event stream (snapshot, step, log, progress, run).
// Clicking a node shows its state, timings, error, training progress, outputs (links to the
// dataset / model / endpoint pages; an Evaluate step's metrics and confusion matrix) and its log,
// refreshed while it runs. A Stop button while the run executes.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import {
  pipelinesApi,
  RUN_EVENT_NAMES,
  type PipelineRun,
  type RunEvent,
  type RunStep,
  type StepOutput,
} from '../../api/pipelines';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { heatmapOption } from '../../components/chartOptions';
import { formatDateTime, formatNumber, t } from '../../i18n';
import { metricLabel } from '../../lib/build';
import { docToDesign, indexTypes } from '../../lib/pipeline';
import {
  applyRunEvent,
  elapsedSeconds,
  formatElapsed,
  INITIAL_RUN_VIEW,
  isTerminalRun,
  outputLinks,
  parseRunEvent,
  reportOutput,
  type RunView as RunViewState,
} from '../../lib/pipelineRun';
import { linkHandler } from '../../lib/router';
import { chartColors, useLook } from '../../lib/theme';
import { Canvas } from './Canvas';
import { CollapsiblePanel, usePanelOpen, usePanelShortcut } from './CollapsiblePanel';
import { pipelinePath, useStepTypes } from './Designer';
import { RunStatePill } from './RunStatePill';

type Connection = 'connecting' | 'live' | 'reconnecting' | 'closed';

// `generation` changes when the run starts again (a retry): the stream is opened anew.
function useRunEvents(runId: string, initial: PipelineRun | undefined, generation: number): [RunViewState, Connection] {
  const [view, dispatch] = useReducer(
    // The GET answer seeds the view only when the stream's own snapshot has not come first.
    (v: RunViewState, [ev, now, seed]: [RunEvent, number, boolean?]) => (seed && v.run ? v : applyRunEvent(v, ev, now)),
    INITIAL_RUN_VIEW,
  );
  const [connection, setConnection] = useState<Connection>('connecting');
  const seeded = useRef(false);
  useEffect(() => {
    if (initial && !seeded.current) {
      seeded.current = true;
      dispatch([{ kind: 'snapshot', run: initial }, Date.now(), true]);
    }
  }, [initial]);
  useEffect(() => {
    const source = new EventSource(pipelinesApi.eventsUrl(runId));
    const handlers = RUN_EVENT_NAMES.map((name) => {
      const handler = (e: MessageEvent<string>) => {
        setConnection('live');
        const ev = parseRunEvent(name, e.data);
        if (!ev) return;
        dispatch([ev, Date.now()]);
        const ended = (ev.kind === 'run' && isTerminalRun(ev.state)) || (ev.kind === 'snapshot' && isTerminalRun(ev.run.state));
        if (ended) {
          source.close(); // the stream ends with the run; do not let EventSource reconnect
          setConnection('closed');
        }
      };
      source.addEventListener(name, handler as EventListener);
      return handler;
    });
    source.onopen = () => setConnection('live');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    return () => {
      handlers.length = 0;
      source.close();
    };
  }, [runId, generation]);
  return [view, connection];
}

export function RunView({ name, runId }: { name: string; runId: string }) {
  const types = useStepTypes();
  const initial = useQuery({ queryKey: ['pipeline-run', runId], queryFn: () => pipelinesApi.getRun(runId), staleTime: 0 });
  const [generation, setGeneration] = useState(0);
  const [view, connection] = useRunEvents(runId, initial.data, generation);
  const run = view.run ?? initial.data ?? null;
  const pipeline = useQuery({
    queryKey: ['pipeline', run?.pipeline.name ?? name, run?.pipeline.version],
    queryFn: () => pipelinesApi.get(run!.pipeline.name, run!.pipeline.version),
    enabled: !!run,
    staleTime: Infinity,
  });
  const typeIndex = useMemo(() => indexTypes(types.data?.step_types ?? []), [types.data]);
  const design = useMemo(
    () => (pipeline.data ? docToDesign({ ...pipeline.data.spec, name: pipeline.data.name }, typeIndex) : null),
    [pipeline.data, typeIndex],
  );
  const [now, setNow] = useState(Date.now());
  const running = run ? !isTerminalRun(run.state) : true;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  const [selected, setSelected] = useState<string[]>([]);
  const [stopError, setStopError] = useState<unknown>(null);
  const [stopping, setStopping] = useState(false);
  const [sideOpen, setSideOpen] = usePanelOpen('run-side');
  usePanelShortcut(']', useCallback(() => setSideOpen(!sideOpen), [sideOpen, setSideOpen]));
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!running) queryClient.invalidateQueries({ queryKey: ['pipeline-runs'] });
  }, [running, queryClient]);

  const error = initial.error ?? pipeline.error ?? types.error;
  if (error) return <div className="page"><ErrorBox error={error} /></div>;
  if (!run || !design || !types.data) {
    return <div className="pl-designer pl-loading"><div className="muted pad">{t('common.loading')}</div></div>;
  }
  const selectedId = selected.length === 1 ? selected[0] : null;
  const runElapsed = elapsedSeconds({ state: run.state, started_at: run.created_at, ended_at: run.ended_at }, now);

  return (
    <div className="pl-designer pl-run" data-testid="pipeline-run" data-run={run.id} data-state={run.state}>
      <header className="pl-toolbar">
        <a className="pl-back" href={pipelinePath(run.pipeline.name)} onClick={linkHandler(pipelinePath(run.pipeline.name))}>
          {t('pipelines.run.backTo', { name: run.pipeline.name })}
        </a>
        <h1 className="pl-title">{t('pipelines.run.heading', { version: run.pipeline.version })}</h1>
        <RunStatePill state={run.state} testId="run-state" />
        <span className="muted small mono" title={run.id}>{run.id}</span>
        <span className="muted small">{formatDateTime(run.created_at)}{runElapsed !== null ? ` · ${formatElapsed(runElapsed)}` : ''}</span>
        {connection === 'reconnecting' && <span className="warn-text small">{t('pipelines.run.reconnecting')}</span>}
        <div className="pl-toolbar-group end">
          {(run.state === 'Failed' || run.state === 'Stopped') && (
            <button type="button" className="btn" data-testid="run-retry" disabled={stopping} title={t('pipelines.run.retryHint')}
              onClick={async () => {
                setStopping(true);
                setStopError(null);
                try {
                  await pipelinesApi.retryRun(run.id);
                  setGeneration((g) => g + 1); // reopen the event stream: its snapshot shows the run Executing
                } catch (e) {
                  setStopError(e);
                } finally {
                  setStopping(false);
                }
              }}>
              {t('pipelines.run.retry')}
            </button>
          )}
          {(run.state === 'Executing' || run.state === 'Stopping') && (
            <button type="button" className="btn btn-danger-outline" data-testid="run-stop" disabled={stopping || run.state === 'Stopping'}
              onClick={async () => {
                setStopping(true);
                setStopError(null);
                try {
                  await pipelinesApi.stopRun(run.id);
                } catch (e) {
                  setStopError(e);
                } finally {
                  setStopping(false);
                }
              }}>
              {run.state === 'Stopping' ? t('pipelines.run.stopping') : t('pipelines.run.stop')}
            </button>
          )}
        </div>
      </header>
      {(!!run.failure_reason || !!stopError) && (
        <div className="pl-run-banner">
          {run.failure_reason && <div className="error-box" data-testid="run-failure">{run.failure_reason}</div>}
          {!!stopError && <ErrorBox error={stopError} />}
        </div>
      )}
      <div className={`pl-body no-palette${sideOpen ? '' : ' side-collapsed'}`}>
        <div className="pl-canvas" data-testid="pipeline-canvas">
          <ReactFlowProvider>
            <Canvas design={design} types={typeIndex} selectedNodes={selected} selectedEdges={[]} readOnly run={run} now={now}
              onSelect={(nodes) => setSelected(nodes)} />
          </ReactFlowProvider>
        </div>
        <CollapsiblePanel name="run-side" side="right" open={sideOpen} onToggle={setSideOpen} className="pl-side" testId="side-panel"
          label={t('pipelines.panelToggle.details')} shortcut="]"
          header={<span className="pl-panel-bar-title">{selectedId ? t('pipelines.panelToggle.step') : t('pipelines.panelToggle.run')}</span>}>
          {selectedId ? (
            <StepRunPanel runId={run.id} stepId={selectedId} type={design.nodes.find((n) => n.id === selectedId)?.type ?? ''}
              step={run.steps[selectedId]} logLines={view.logs[selectedId]} now={now} />
          ) : (
            <RunSummary run={run} />
          )}
        </CollapsiblePanel>
      </div>
    </div>
  );
}

function RunSummary({ run }: { run: PipelineRun }) {
  const params = Object.entries(run.parameters ?? {});
  const order = run.order ?? Object.keys(run.steps);
  return (
    <div className="pl-run-summary">
      <div className="pl-side-title">{t('pipelines.run.parameters')}</div>
      {params.length ? (
        <table className="pl-kv">
          <tbody>{params.map(([k, v]) => <tr key={k}><th className="mono">{k}</th><td className="mono">{JSON.stringify(v)}</td></tr>)}</tbody>
        </table>
      ) : <p className="pl-hint">{t('pipelines.run.noParams')}</p>}
      <div className="pl-side-title">{t('pipelines.run.steps')}</div>
      <ul className="pl-step-states">
        {order.map((id) => (
          <li key={id}><span className="mono">{id}</span> <RunStatePill state={run.steps[id]?.state ?? 'Pending'} /></li>
        ))}
      </ul>
      <p className="pl-hint">{t('pipelines.run.clickHint')}</p>
    </div>
  );
}

function ConfusionMatrix({ cm }: { cm: { labels: string[]; counts: number[][] } }) {
  const look = useLook();
  const option = useMemo(() => heatmapOption(cm.labels, cm.labels, cm.counts, {
    min: 0,
    max: Math.max(1, ...cm.counts.flat()),
    colors: [chartColors().heatLow, chartColors().heatMid, '#4f46e5'],
    format: (v) => formatNumber(v),
    xName: t('pipelines.run.predicted'),
    yName: t('pipelines.run.actual'),
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [cm, look]);
  return (
    <div data-testid="run-confusion-matrix" data-labels={cm.labels.join('|')}>
      <EChart option={option} height={Math.max(200, Math.min(380, cm.labels.length * 48 + 80))} ariaLabel={t('pipelines.run.confusion')} />
    </div>
  );
}

function ReportView({ report }: { report: StepOutput }) {
  const metrics = Object.entries(report.metrics ?? {}).filter(([, v]) => typeof v === 'number');
  const cm = report.evaluation?.confusion_matrix;
  const primary = typeof report.primary_metric === 'string' ? report.primary_metric : report.primary_metric?.name;
  return (
    <div className="pl-report" data-testid="run-report">
      <table className="pl-kv">
        <tbody>
          {metrics.map(([k, v]) => (
            <tr key={k} className={k === primary ? 'primary' : undefined} data-metric={k}>
              <th>{metricLabel(k)}</th><td className="mono">{formatNumber(v, { maximumFractionDigits: 4 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cm && cm.labels?.length > 0 && (
        <>
          <div className="pl-sub-title">{t('pipelines.run.confusion')}</div>
          <ConfusionMatrix cm={cm} />
        </>
      )}
    </div>
  );
}

function StepRunPanel({ runId, stepId, type, step, logLines, now }: {
  runId: string;
  stepId: string;
  type: string;
  step: RunStep | undefined;
  logLines: string[] | undefined;
  now: number;
}) {
  const state = step?.state ?? 'Pending';
  const logs = useQuery({
    queryKey: ['pipeline-step-log', runId, stepId, state],
    queryFn: () => pipelinesApi.stepLogs(runId, stepId),
    enabled: state !== 'Pending',
    refetchInterval: state === 'Running' ? 1500 : false,
    staleTime: 0,
    placeholderData: (previous) => previous,
  });
  const logRef = useRef<HTMLPreElement>(null);
  const logText = logs.data ?? (logLines ?? []).join('\n');
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [logText]);
  const elapsed = elapsedSeconds(step, now);
  const links = outputLinks(step?.outputs);
  const report = reportOutput(step?.outputs);
  const result = (step?.outputs as { result?: unknown } | undefined)?.result;
  const p = step?.progress;

  return (
    <div className="pl-step-run" data-testid="step-run-panel" data-step={stepId} data-state={state}>
      <div className="pl-panel-head">
        <div>
          <div className="pl-side-title mono">{stepId}</div>
          <div className="pl-hint">{type}</div>
        </div>
        <RunStatePill state={state} testId="step-run-state" />
      </div>
      <table className="pl-kv">
        <tbody>
          {step?.started_at && <tr><th>{t('pipelines.run.started')}</th><td>{formatDateTime(step.started_at)}</td></tr>}
          {elapsed !== null && <tr><th>{t('pipelines.run.elapsed')}</th><td>{formatElapsed(elapsed)}</td></tr>}
          {step?.attempts != null && step.attempts > 1 && <tr><th>{t('pipelines.run.attempts')}</th><td>{step.attempts}</td></tr>}
          {step?.cached_from && <tr><th>{t('pipelines.run.cachedFrom')}</th><td className="mono">{step.cached_from}</td></tr>}
          {result !== undefined && <tr><th>{t('pipelines.run.result')}</th><td className="mono" data-testid="condition-result">{String(result)}</td></tr>}
        </tbody>
      </table>
      {step?.error && <div className="error-box" data-testid="step-error">{step.error}</div>}
      {step?.reason && <p className="pl-hint" data-testid="step-reason">{step.reason}</p>}
      {p && p.fraction != null && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.run.training')}</div>
          <div className="progress"><div className="progress-bar" style={{ width: `${Math.round(p.fraction * 100)}%` }} />
            <div className="progress-label">{Math.round(p.fraction * 100)}%</div></div>
          <p className="small muted">{t('pipelines.node.progress', {
            trials: p.trials ?? 0, best: p.best_score != null ? formatNumber(p.best_score, { maximumFractionDigits: 4 }) : '—', metric: p.metric ?? '',
          })}</p>
          {step?.job_id && <a href={`/build/${encodeURIComponent(step.job_id)}`} onClick={linkHandler(`/build/${encodeURIComponent(step.job_id)}`)}>{t('pipelines.run.openJob')}</a>}
        </div>
      )}
      {links.length > 0 && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.run.outputs')}</div>
          <ul className="pl-output-links">
            {links.map((l) => (
              <li key={l.output} data-testid="step-output" data-type={l.type}>
                <span className="mono">{l.output}</span> <span className={`pl-art art-${l.type}`}>{l.type}</span>{' '}
                {l.href ? <a href={l.href} onClick={linkHandler(l.href)} data-testid={`output-link-${l.type}`}>{l.label}</a> : l.label}
              </li>
            ))}
          </ul>
        </div>
      )}
      {report && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.run.metrics')}</div>
          <ReportView report={report} />
        </div>
      )}
      <div className="pl-subsection">
        <div className="pl-sub-title">{t('pipelines.run.log')}{state === 'Running' && <span className="pl-spinner small" />}</div>
        {logs.error && <ErrorBox error={logs.error} />}
        {state === 'Pending' ? <p className="pl-hint">{t('pipelines.run.logPending')}</p> : (
          <pre className="pl-log mono" ref={logRef} data-testid="step-log">{logText || t('pipelines.run.logEmpty')}</pre>
        )}
      </div>
    </div>
  );
}
