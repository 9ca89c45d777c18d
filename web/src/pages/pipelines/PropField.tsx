// One property of a step, as a form field generated from the type's schema: a text box for
// strings and numbers (typed, with bounds), a select for enums and booleans, comma-separated text
// for string lists, a JSON text area for objects (the parse error shown under it). Fields that
// take a value offer the pipeline's parameters of a fitting type as "${parameters.x}".
import { useEffect, useState } from 'react';
import type { PipelineParameter, StepProperty } from '../../api/pipelines';
import { t } from '../../i18n';
import { paramRef, paramRefText, parametersFor, textToValue, valueToText, type TextProblem } from '../../lib/pipeline';

function problemText(p: TextProblem): string {
  switch (p.code) {
    case 'number': return t('pipelines.field.notNumber', { text: p.text });
    case 'integer': return t('pipelines.field.notInteger', { text: p.text });
    case 'min': return t('pipelines.field.min', { limit: p.limit });
    case 'max': return t('pipelines.field.max', { limit: p.limit });
    case 'json': return t('pipelines.field.json', { message: p.message });
    case 'enum': return t('pipelines.field.enum', { allowed: p.allowed });
  }
}

export interface PropFieldProps {
  prop: StepProperty;
  value: unknown;
  parameters: Record<string, PipelineParameter>;
  serverError?: string;
  onChange: (value: unknown) => void; // undefined removes the property (its default applies)
}

export function PropField({ prop, value, parameters, serverError, onChange }: PropFieldProps) {
  const [text, setText] = useState(() => valueToText(prop, value));
  const [problem, setProblem] = useState<TextProblem | null>(null);
  // Follow outside changes (undo, a parameter picked), but not while the text is mid-edit.
  useEffect(() => {
    const parsed = textToValue(prop, text);
    if (JSON.stringify(parsed.value) !== JSON.stringify(value)) {
      setText(valueToText(prop, value));
      setProblem(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const params = parametersFor(prop, parameters);
  const ref = paramRef(value);
  const id = `prop-${prop.name}`;
  const defaultText = prop.default !== undefined ? valueToText(prop, prop.default) : '';

  const commitText = (next: string) => {
    setText(next);
    const parsed = textToValue(prop, next);
    setProblem(parsed.problem ?? null);
    if (!parsed.problem) onChange(parsed.value);
  };

  let input: React.ReactNode;
  const choices = prop.type === 'boolean' ? ['true', 'false'] : prop.enum?.map(String);
  if (choices) {
    const current = ref ? paramRefText(ref) : value === undefined ? '' : String(value);
    input = (
      <select id={id} value={current} data-testid="prop-input" data-prop={prop.name}
        onChange={(e) => {
          const v = e.target.value;
          if (v === '') onChange(undefined);
          else if (paramRef(v)) onChange(v);
          else if (prop.type === 'boolean') onChange(v === 'true');
          else onChange(typeof prop.enum?.[0] === 'number' ? Number(v) : v);
        }}>
        <option value="">{defaultText ? t('pipelines.field.default', { value: defaultText }) : t('pipelines.field.unset')}</option>
        {choices.map((c) => <option key={c} value={c}>{c}</option>)}
        {params.map((p) => <option key={p} value={paramRefText(p)}>{paramRefText(p)}</option>)}
      </select>
    );
  } else if (prop.type === 'object' || (prop.type === 'string' && prop.name === 'sql')) {
    input = (
      <textarea id={id} className="mono" rows={Math.min(14, Math.max(4, text.split('\n').length + 1))} value={text}
        spellCheck={false} data-testid="prop-input" data-prop={prop.name}
        placeholder={defaultText || (prop.type === 'object' ? '{ }' : 'SELECT …')} onChange={(e) => commitText(e.target.value)} />
    );
  } else {
    input = (
      <div className="pl-field-row">
        <input id={id} value={text} data-testid="prop-input" data-prop={prop.name}
          inputMode={prop.type === 'number' || prop.type === 'integer' ? 'decimal' : undefined}
          placeholder={defaultText || (prop.type === 'string_list' ? t('pipelines.field.listHint') : '')}
          onChange={(e) => commitText(e.target.value)} />
        {params.length > 0 && (
          <select className="pl-param-pick" aria-label={t('pipelines.field.useParameter')} value=""
            title={t('pipelines.field.useParameter')} data-testid="prop-param" data-prop={prop.name}
            onChange={(e) => { if (e.target.value) commitText(e.target.value); }}>
            <option value="">{'${…}'}</option>
            {params.map((p) => <option key={p} value={paramRefText(p)}>{p}</option>)}
          </select>
        )}
      </div>
    );
  }

  return (
    <div className={`pl-field${problem || serverError ? ' invalid' : ''}`} data-testid="prop-field" data-prop={prop.name}>
      <label htmlFor={id}>
        {prop.name}
        {prop.required && <span className="pl-required" title={t('pipelines.field.required')}>*</span>}
        <span className="pl-field-type">{prop.type}</span>
      </label>
      {input}
      {prop.description && <div className="pl-field-help">{prop.description}</div>}
      {problem && <div className="pl-field-error" role="alert" data-testid="prop-error">{problemText(problem)}</div>}
      {!problem && serverError && <div className="pl-field-error" data-testid="prop-server-error">{serverError}</div>}
    </div>
  );
}
