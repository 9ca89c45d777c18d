// The side panel of the selected step: id (renaming follows edges and references), display name,
// the property form generated from the type's schema, its inputs, branch targets, caching and
// retries; the server's validation messages for this step are shown next to their fields.
import { useEffect, useState } from 'react';
import type { StepType, ValidationIssue } from '../../api/pipelines';
import { t } from '../../i18n';
import {
  inHandle,
  portOf,
  renameStep,
  stepIdProblem,
  updateStep,
  variadicInputs,
  type Design,
  type GraphNode,
  type TypeIndex,
} from '../../lib/pipeline';
import { PropField } from './PropField';

export interface StepPanelProps {
  types: TypeIndex;
  design: Design;
  node: GraphNode;
  schema?: StepType;
  issues: ValidationIssue[]; // the server's errors whose path is under this step
  onChange: (next: Design, key: string | null) => void;
  onRenamed: (id: string) => void;
  onDelete: () => void;
}

export function StepPanel({ types, design, node, schema, issues, onChange, onRenamed, onDelete }: StepPanelProps) {
  const [idText, setIdText] = useState(node.id);
  useEffect(() => setIdText(node.id), [node.id]);
  const idProblem = stepIdProblem(idText, design, node.id);

  const applyId = () => {
    if (idText === node.id) return;
    if (idProblem) return;
    onChange(renameStep(design, node.id, idText), null);
    onRenamed(idText);
  };
  const setProp = (name: string, value: unknown) => {
    onChange(updateStep(design, node.id, (n) => {
      const properties = { ...n.properties };
      if (value === undefined) delete properties[name];
      else properties[name] = value;
      return { ...n, properties };
    }), `prop:${node.id}.${name}`);
  };
  const issueFor = (suffix: string) =>
    issues.filter((i) => i.path.endsWith(suffix) || i.path.includes(`${suffix}.`) || i.path.includes(`${suffix}[`)).map((i) => i.message).join('; ') || undefined;

  const props = (schema?.properties ?? []).filter((p) => p.type !== 'step_list');
  const known = new Set(props.map((p) => p.name));
  const unknownProps = Object.keys(node.properties).filter((k) => !known.has(k));
  const branches = design.edges.filter((e) => e.source === node.id && e.kind !== 'data');
  const branchOf = design.edges.find((e) => e.target === node.id && e.kind !== 'data');

  return (
    <div className="pl-step-panel" data-testid="step-panel" data-step={node.id}>
      <div className="pl-panel-head">
        <div>
          <div className="pl-side-title">{node.type}</div>
          {schema?.description && <p className="pl-hint">{schema.description}</p>}
        </div>
        <button type="button" className="btn btn-danger-outline pl-small-btn" onClick={onDelete} data-testid="step-delete"
          title={t('pipelines.step.deleteHint')}>
          {t('pipelines.step.delete')}
        </button>
      </div>

      <div className={`pl-field${idProblem ? ' invalid' : ''}`}>
        <label htmlFor="step-id">{t('pipelines.step.id')}</label>
        <input id="step-id" className="mono" value={idText} data-testid="step-id"
          onChange={(e) => setIdText(e.target.value)} onBlur={applyId}
          onKeyDown={(e) => { if (e.key === 'Enter') applyId(); if (e.key === 'Escape') setIdText(node.id); }} />
        {idProblem && <div className="pl-field-error">{t(`pipelines.step.idProblem.${idProblem}`)}</div>}
      </div>
      <div className="pl-field">
        <label htmlFor="step-name">{t('pipelines.step.displayName')}</label>
        <input id="step-name" value={node.displayName ?? ''} placeholder={node.id} data-testid="step-display-name"
          onChange={(e) => onChange(updateStep(design, node.id, (n) => {
            const next = { ...n };
            if (e.target.value) next.displayName = e.target.value;
            else delete next.displayName;
            return next;
          }), `name:${node.id}`)} />
      </div>

      {schema && schema.inputs.length > 0 && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.step.inputs')}</div>
          {schema.inputs.map((p) => {
            const edge = design.edges.find((e) => e.kind === 'data' && e.target === node.id && e.targetHandle === inHandle(p.name));
            const err = issueFor(`inputs.${p.name}`);
            return (
              <div className="pl-input-row" key={p.name} data-testid="step-input" data-port={p.name}>
                <span className="mono">{p.name}</span>
                <span className={`pl-art art-${p.type}`}>{p.type}</span>
                {edge
                  ? <span className="mono pl-input-from">← {edge.source}.{portOf(edge.sourceHandle)}</span>
                  : <span className={p.required ? 'warn-text' : 'muted'}>{p.required ? t('pipelines.step.inputMissing') : t('pipelines.step.inputOptional')}</span>}
                {err && <div className="pl-field-error">{err}</div>}
              </div>
            );
          })}
        </div>
      )}

      {schema?.variadic_input_type && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.step.inputs')}</div>
          {variadicInputs(design, types, node.id).map((name) => {
            const edge = design.edges.find((e) => e.kind === 'data' && e.target === node.id && e.targetHandle === inHandle(name));
            return (
              <div className="pl-input-row" key={name} data-testid="step-input" data-port={name}>
                <span className="mono">{name}</span>
                <span className={`pl-art art-${schema.variadic_input_type}`}>{schema.variadic_input_type}</span>
                {edge && <span className="mono pl-input-from">← {edge.source}.{portOf(edge.sourceHandle)}</span>}
              </div>
            );
          })}
          <p className="pl-hint">{t('pipelines.step.variadicHint')}</p>
        </div>
      )}

      {props.length > 0 && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.step.properties')}</div>
          {props.map((p) => (
            <PropField key={`${node.id}:${p.name}`} prop={p} value={node.properties[p.name]} parameters={design.parameters}
              serverError={issueFor(`properties.${p.name}`)} onChange={(v) => setProp(p.name, v)} />
          ))}
        </div>
      )}
      {unknownProps.length > 0 && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.step.unknownProps')}</div>
          {unknownProps.map((k) => (
            <div className="pl-input-row" key={k}>
              <span className="mono">{k}</span>
              <button type="button" className="btn pl-small-btn" onClick={() => setProp(k, undefined)}>{t('pipelines.step.remove')}</button>
            </div>
          ))}
        </div>
      )}

      {(schema?.properties.some((p) => p.type === 'step_list') || node.type === 'Condition') && (
        <div className="pl-subsection">
          <div className="pl-sub-title">{t('pipelines.step.branches')}</div>
          {(['then', 'else'] as const).map((b) => (
            <div className="pl-input-row" key={b} data-testid="step-branch" data-branch={b}>
              <span className="mono">{b}</span>
              <span className="mono">{branches.filter((e) => e.kind === b).map((e) => e.target).join(', ') || '—'}</span>
            </div>
          ))}
          <p className="pl-hint">{t('pipelines.step.branchHint')}</p>
        </div>
      )}
      {branchOf && (
        <p className="pl-hint">{t('pipelines.step.inBranch', { condition: branchOf.source, branch: branchOf.kind })}</p>
      )}

      <div className="pl-subsection">
        <div className="pl-sub-title">{t('pipelines.step.execution')}</div>
        {schema?.cacheable && (
          <label className="pl-check">
            <input type="checkbox" checked={node.extra.cache !== false} data-testid="step-cache"
              onChange={(e) => onChange(updateStep(design, node.id, (n) => {
                const extra = { ...n.extra };
                if (e.target.checked) delete extra.cache;
                else extra.cache = false;
                return { ...n, extra };
              }), null)} />
            {t('pipelines.step.cache')}
          </label>
        )}
        <div className="pl-field">
          <label htmlFor="step-retry">{t('pipelines.step.attempts')}</label>
          <input id="step-retry" type="number" min={1} max={10} value={node.extra.retry?.max_attempts ?? 1}
            onChange={(e) => {
              const n = Math.max(1, Math.min(10, Math.round(Number(e.target.value) || 1)));
              onChange(updateStep(design, node.id, (x) => {
                const extra = { ...x.extra };
                if (n === 1 && !extra.retry?.backoff_seconds) delete extra.retry;
                else extra.retry = { ...extra.retry, max_attempts: n };
                return { ...x, extra };
              }), `retry:${node.id}`);
            }} />
        </div>
        {issues.length > 0 && (
          <ul className="pl-issue-list">
            {issues.map((i) => <li key={i.path + i.message}><span className="mono">{i.path}</span> {i.message}</li>)}
          </ul>
        )}
      </div>
    </div>
  );
}
