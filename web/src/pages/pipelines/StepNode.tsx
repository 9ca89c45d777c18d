// A step on the canvas: its title (display name or id), type, typed input ports on the left and
// output ports on the right (labelled with their artifact type), a Condition's then / else
// outputs, and during a run its state (colour, spinner, elapsed time, training progress).
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { RunStep, StepType } from '../../api/pipelines';
import { t, tOr, formatNumber } from '../../i18n';
import { CTRL_HANDLE, inHandle, outHandle, VARIADIC_HANDLE, type GraphNode } from '../../lib/pipeline';
import { elapsedSeconds, formatElapsed } from '../../lib/pipelineRun';

export interface StepNodeData extends Record<string, unknown> {
  node: GraphNode;
  schema?: StepType;
  errors?: number;
  run?: RunStep; // set in the run view
  now?: number;
  variadic?: string[]; // wired inputs a variadic type (Query) does not declare
}

export type StepFlowNode = Node<StepNodeData, 'step'>;

export function stateLabel(state: string): string {
  return tOr(`pipelines.state.${state}`, state);
}

export function Spinner() {
  return <span className="pl-spinner" aria-hidden="true" />;
}

function RunFooter({ run, now }: { run: RunStep; now: number }) {
  const elapsed = elapsedSeconds(run, now);
  const p = run.progress;
  return (
    <div className="pl-node-run">
      <div className="pl-node-state">
        {run.state === 'Running' && <Spinner />}
        <span data-testid="node-state">{stateLabel(run.state)}</span>
        {typeof (run.outputs as { result?: unknown } | undefined)?.result === 'boolean' && (
          <span className="pl-node-branch" data-testid="node-branch">
            → {t((run.outputs as { result: boolean }).result ? 'pipelines.node.then' : 'pipelines.node.else')}
          </span>
        )}
        {elapsed !== null && run.state !== 'Skipped' && <span className="pl-elapsed" data-testid="node-elapsed">{formatElapsed(elapsed)}</span>}
      </div>
      {p && p.fraction != null && run.state === 'Running' && (
        <div className="pl-node-progress" data-testid="node-progress" title={t('pipelines.node.progress', {
          trials: p.trials ?? 0, best: p.best_score != null ? formatNumber(p.best_score, { maximumFractionDigits: 4 }) : '—', metric: p.metric ?? '',
        })}>
          <div className="pl-node-progress-bar" style={{ width: `${Math.round(Math.min(1, Math.max(0, p.fraction)) * 100)}%` }} />
          <span>{t('pipelines.node.trials', { trials: p.trials ?? 0 })}{p.best_score != null ? ` · ${formatNumber(p.best_score, { maximumFractionDigits: 3 })}` : ''}</span>
        </div>
      )}
    </div>
  );
}

export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { node, schema, errors, run } = data;
  const isCondition = node.type === 'Condition' || !!schema?.properties.some((p) => p.type === 'step_list');
  const state = run?.state;
  const cls = ['pl-node', `cat-${schema?.category ?? 'other'}`];
  if (selected) cls.push('selected');
  if (state) cls.push(`st-${state.toLowerCase()}`);
  if (errors) cls.push('has-errors');
  return (
    <div className={cls.join(' ')} data-testid="pipeline-node" data-step={node.id} data-type={node.type} data-state={state ?? ''}>
      <Handle type="target" position={Position.Top} id={CTRL_HANDLE} className="pl-ctrl-handle" title={t('pipelines.node.ctrl')} />
      <Handle type="source" position={Position.Bottom} id="ref" className="pl-ref-handle" isConnectable={false} />
      <div className="pl-node-head">
        <span className="pl-node-title">{node.displayName || node.id}</span>
        <span className="pl-node-type">{node.type}</span>
        {!!errors && <span className="pl-node-errors" title={t('pipelines.node.errors', { count: errors })}>{errors}</span>}
      </div>
      {node.displayName && <div className="pl-node-id mono">{node.id}</div>}
      {!schema && <div className="pl-node-unknown">{t('pipelines.node.unknownType')}</div>}
      <div className="pl-ports">
        <div className="pl-port-col">
          {schema?.inputs.map((p) => (
            <div className="pl-port in" key={p.name}>
              <Handle type="target" position={Position.Left} id={inHandle(p.name)} className={`pl-handle art-${p.type}`}
                data-testid="port-in" data-port={p.name} data-artifact={p.type} />
              <span className="pl-port-name">{p.name}{p.required ? '' : '?'}</span>
              <span className={`pl-art art-${p.type}`}>{p.type}</span>
            </div>
          ))}
          {schema?.variadic_input_type && (
            <>
              {(data.variadic ?? []).map((name) => (
                <div className="pl-port in" key={name}>
                  <Handle type="target" position={Position.Left} id={inHandle(name)} className={`pl-handle art-${schema.variadic_input_type}`}
                    data-testid="port-in" data-port={name} data-artifact={schema.variadic_input_type} />
                  <span className="pl-port-name mono">{name}</span>
                  <span className={`pl-art art-${schema.variadic_input_type}`}>{schema.variadic_input_type}</span>
                </div>
              ))}
              <div className="pl-port in variadic" title={t('pipelines.node.addInput')}>
                <Handle type="target" position={Position.Left} id={VARIADIC_HANDLE} className={`pl-handle art-${schema.variadic_input_type}`}
                  data-testid="port-in" data-port="+" data-artifact={schema.variadic_input_type} />
                <span className="pl-port-name muted">{t('pipelines.node.addInput')}</span>
              </div>
            </>
          )}
        </div>
        <div className="pl-port-col out">
          {schema?.outputs.map((p) => (
            <div className="pl-port out" key={p.name}>
              <span className={`pl-art art-${p.type}`}>{p.type}</span>
              <span className="pl-port-name">{p.name}</span>
              <Handle type="source" position={Position.Right} id={outHandle(p.name)} className={`pl-handle art-${p.type}`}
                data-testid="port-out" data-port={p.name} data-artifact={p.type} />
            </div>
          ))}
          {isCondition && (['then', 'else'] as const).map((b) => (
            <div className={`pl-port out branch-${b}`} key={b}>
              <span className="pl-port-name">{t(`pipelines.node.${b}`)}</span>
              <Handle type="source" position={Position.Right} id={b} className={`pl-handle branch branch-${b}`}
                data-testid="port-out" data-port={b} data-artifact="branch" />
            </div>
          ))}
        </div>
      </div>
      {run && <RunFooter run={run} now={data.now ?? Date.now()} />}
    </div>
  );
}
