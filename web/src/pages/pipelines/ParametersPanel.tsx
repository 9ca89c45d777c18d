// The pipeline's parameters: name, type and default of each (a run may override them). Renaming a
// parameter rewrites its "${parameters.x}" references; the server's errors under `parameters.x`
// are shown on the row.
import { useEffect, useState } from 'react';
import type { ParameterType, PipelineParameter, ValidationIssue } from '../../api/pipelines';
import { t } from '../../i18n';
import { paramRefs, parseParamValue as parseDefault, renameParameter, type Design } from '../../lib/pipeline';

const TYPES: ParameterType[] = ['string', 'number', 'integer', 'boolean'];
const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

function ParameterRow({ design, name, param, issues, onChange }: {
  design: Design;
  name: string;
  param: PipelineParameter;
  issues: ValidationIssue[];
  onChange: (next: Design, key: string | null) => void;
}) {
  const [nameText, setNameText] = useState(name);
  const [defText, setDefText] = useState(param.default === undefined ? '' : String(param.default));
  useEffect(() => setNameText(name), [name]);
  useEffect(() => {
    const parsed = parseDefault(param.type, defText);
    if (!parsed || parsed.value !== param.default) setDefText(param.default === undefined ? '' : String(param.default));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [param.default, param.type]);
  const nameProblem = nameText !== name && (!NAME.test(nameText) || nameText in design.parameters);
  const defProblem = parseDefault(param.type, defText) === null;
  const set = (next: PipelineParameter, key: string | null) =>
    onChange({ ...design, parameters: { ...design.parameters, [name]: next } }, key);
  const used = design.nodes.filter((n) => paramRefs(n.properties).includes(name)).map((n) => n.id);
  const rowIssues = issues.filter((i) => i.path === `parameters.${name}` || i.path.startsWith(`parameters.${name}.`));

  return (
    <div className="pl-param-row" data-testid="param-row" data-param={name}>
      <input className={`mono${nameProblem ? ' invalid' : ''}`} value={nameText} aria-label={t('pipelines.params.name')}
        data-testid="param-name"
        onChange={(e) => setNameText(e.target.value)}
        onBlur={() => { if (!nameProblem && nameText !== name) onChange(renameParameter(design, name, nameText), null); else setNameText(name); }}
        onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); }} />
      <select value={param.type} aria-label={t('pipelines.params.type')} data-testid="param-type"
        onChange={(e) => {
          const type = e.target.value as ParameterType;
          const parsed = parseDefault(type, defText);
          const next: PipelineParameter = { ...param, type };
          if (parsed?.value !== undefined) next.default = parsed.value;
          else delete next.default;
          set(next, null);
        }}>
        {TYPES.map((ty) => <option key={ty} value={ty}>{ty}</option>)}
      </select>
      {param.type === 'boolean' ? (
        <select value={defText} aria-label={t('pipelines.params.default')} data-testid="param-default"
          onChange={(e) => {
            setDefText(e.target.value);
            const next = { ...param };
            if (e.target.value === '') delete next.default;
            else next.default = e.target.value === 'true';
            set(next, null);
          }}>
          <option value="">{t('pipelines.params.noDefault')}</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input className={defProblem ? 'invalid' : ''} value={defText} placeholder={t('pipelines.params.noDefault')}
          aria-label={t('pipelines.params.default')} data-testid="param-default"
          onChange={(e) => {
            setDefText(e.target.value);
            const parsed = parseDefault(param.type, e.target.value);
            if (!parsed) return;
            const next = { ...param };
            if (parsed.value === undefined) delete next.default;
            else next.default = parsed.value;
            set(next, `param:${name}`);
          }} />
      )}
      <button type="button" className="pl-icon-btn" aria-label={t('pipelines.params.remove', { name })}
        title={used.length ? t('pipelines.params.usedBy', { steps: used.join(', ') }) : t('pipelines.params.remove', { name })}
        onClick={() => {
          const parameters = { ...design.parameters };
          delete parameters[name];
          onChange({ ...design, parameters }, null);
        }}>×</button>
      {nameProblem && <div className="pl-field-error wide">{t('pipelines.params.badName')}</div>}
      {defProblem && <div className="pl-field-error wide">{t('pipelines.params.badDefault', { type: param.type })}</div>}
      {rowIssues.map((i) => <div className="pl-field-error wide" key={i.message}>{i.message}</div>)}
    </div>
  );
}

export function ParametersPanel({ design, issues, onChange }: {
  design: Design;
  issues: ValidationIssue[];
  onChange: (next: Design, key: string | null) => void;
}) {
  const names = Object.keys(design.parameters);
  const add = () => {
    let i = names.length + 1;
    while (`param_${i}` in design.parameters) i++;
    onChange({ ...design, parameters: { ...design.parameters, [`param_${i}`]: { type: 'string' } } }, null);
  };
  return (
    <div className="pl-params" data-testid="parameters-panel">
      <div className="pl-panel-head">
        <div className="pl-side-title">{t('pipelines.params.title')}</div>
        <button type="button" className="btn pl-small-btn" onClick={add} data-testid="param-add">{t('pipelines.params.add')}</button>
      </div>
      {names.length === 0 ? (
        <p className="pl-hint">{t('pipelines.params.empty')}</p>
      ) : (
        <>
          <div className="pl-param-row head">
            <span>{t('pipelines.params.name')}</span><span>{t('pipelines.params.type')}</span><span>{t('pipelines.params.default')}</span><span />
          </div>
          {names.map((n) => (
            <ParameterRow key={n} design={design} name={n} param={design.parameters[n]} issues={issues} onChange={onChange} />
          ))}
          <p className="pl-hint">{t('pipelines.params.hint')}</p>
        </>
      )}
    </div>
  );
}
