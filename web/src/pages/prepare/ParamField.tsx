// One parameter of a recipe step, edited with the field its type calls for (see lib/recipe.ts:
// fieldKind): column selects, an ordered column list, enum selects and checkboxes, numbers,
// text, formulas, and a JSON textarea for structured values.
import { useId, useState } from 'react';
import type { Dataset, DatasetColumn, OpParam } from '../../api/types';
import { groupByName } from '../../components/DatasetPicker';
import { t } from '../../i18n';
import { fieldKind, formatFieldText, parseFieldText, type FieldKind } from '../../lib/recipe';

export interface ParamFieldProps {
  param: OpParam;
  value: unknown;
  onChange: (value: unknown) => void;
  columns: readonly DatasetColumn[]; // the step's input columns
  datasets: readonly Dataset[];
  invalid?: boolean; // the server's error names this field
}

function defaultHint(p: OpParam): string | undefined {
  if (p.default === undefined || p.default === null) return undefined;
  return t('prepare.param.default', { value: typeof p.default === 'string' ? p.default : JSON.stringify(p.default) });
}

function ColumnSelect({ value, onChange, columns, param, id }: ParamFieldProps & { id: string }) {
  const v = typeof value === 'string' ? value : '';
  const known = columns.some((c) => c.name === v);
  return (
    <select id={id} value={v} onChange={(e) => onChange(e.target.value || undefined)}
      data-testid={`param-${param.name}`}>
      <option value="">{param.required ? t('prepare.param.chooseColumn') : t('prepare.param.noneOption')}</option>
      {!known && v !== '' && <option value={v}>{v}</option>}
      {columns.map((c) => (
        <option key={c.name} value={c.name}>{c.name} ({c.type})</option>
      ))}
    </select>
  );
}

// An ordered list of columns: removable chips and a select that appends one.
function ColumnList({ value, onChange, columns, param, id }: ParamFieldProps & { id: string }) {
  const chosen: string[] = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  const rest = columns.filter((c) => !chosen.includes(c.name));
  const set = (next: string[]) => onChange(next.length ? next : undefined);
  return (
    <div className="column-list" data-testid={`param-${param.name}`}>
      {chosen.map((c) => (
        <span key={c} className="chip column-chip" data-testid="column-chip">
          {c}
          <button type="button" className="chip-x" aria-label={t('prepare.param.remove', { name: c })}
            onClick={() => set(chosen.filter((x) => x !== c))}>×</button>
        </span>
      ))}
      <select id={id} value="" aria-label={t('prepare.param.addTo', { param: param.name })}
        onChange={(e) => e.target.value && set([...chosen, e.target.value])}
        data-testid={`param-${param.name}-add`}>
        <option value="">{chosen.length ? t('prepare.param.addColumn') : t('prepare.param.chooseColumns')}</option>
        {rest.map((c) => (
          <option key={c.name} value={c.name}>{c.name} ({c.type})</option>
        ))}
      </select>
      {rest.length > 1 && (
        <button type="button" className="link-button small"
          onClick={() => set([...chosen, ...rest.map((c) => c.name)])}>{t('prepare.param.all')}</button>
      )}
    </div>
  );
}

// Free text parsed per kind; a parse error stays local and the last good value is kept.
function TextField({ kind, value, onChange, param, id }: ParamFieldProps & { kind: FieldKind; id: string }) {
  const [text, setText] = useState(() => formatFieldText(kind, value));
  const [error, setError] = useState<string | null>(null);
  const update = (t: string) => {
    setText(t);
    const parsed = parseFieldText(kind, t);
    if (parsed.ok) {
      setError(null);
      onChange(parsed.value);
    } else {
      setError(parsed.error);
    }
  };
  const placeholder =
    defaultHint(param) ??
    (kind === 'strings'
      ? t('prepare.param.listPlaceholder')
      : kind === 'json'
        ? param.type === 'object'
          ? t('prepare.param.objectPlaceholder')
          : param.type === 'array'
            ? t('prepare.param.arrayPlaceholder')
            : t('prepare.param.valuePlaceholder')
        : kind === 'expression'
          ? t('prepare.param.expressionPlaceholder')
          : '');
  const common = {
    id,
    value: text,
    placeholder,
    'data-testid': `param-${param.name}`,
    'aria-invalid': error ? true : undefined,
  };
  return (
    <>
      {kind === 'json' || kind === 'expression' ? (
        <textarea {...common} className="mono" rows={kind === 'json' ? 3 : 2} spellCheck={false}
          onChange={(e) => update(e.target.value)} />
      ) : (
        <input {...common} type="text"
          inputMode={kind === 'integer' ? 'numeric' : kind === 'number' ? 'decimal' : undefined}
          onChange={(e) => update(e.target.value)} />
      )}
      {error && <span className="field-error">{error}</span>}
    </>
  );
}

function Control(props: ParamFieldProps & { id: string }) {
  const { param, value, onChange, id } = props;
  const kind = fieldKind(param);
  switch (kind) {
    case 'column':
      return <ColumnSelect {...props} />;
    case 'columns':
      return <ColumnList {...props} />;
    case 'enum':
      return (
        <select id={id} value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)} data-testid={`param-${param.name}`}>
          {!param.required && <option value="">{defaultHint(param) ?? t('prepare.param.defaultOption')}</option>}
          {param.enum!.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      );
    case 'enums': {
      const chosen = Array.isArray(value) ? value.map(String) : [];
      return (
        <div className="checks" data-testid={`param-${param.name}`}>
          {param.enum!.map((v) => (
            <label key={v} className="check">
              <input type="checkbox" checked={chosen.includes(v)}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, v] : chosen.filter((x) => x !== v);
                  onChange(next.length ? next : undefined);
                }} />
              {v}
            </label>
          ))}
        </div>
      );
    }
    case 'boolean': {
      const checked = typeof value === 'boolean' ? value : param.default === true;
      return (
        <label className="check">
          <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)}
            data-testid={`param-${param.name}`} />
          {checked ? t('common.yes') : t('common.no')}
        </label>
      );
    }
    case 'dataset': {
      const groups = groupByName(props.datasets);
      return (
        <select id={id} value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)} data-testid={`param-${param.name}`}>
          <option value="">{t('prepare.param.chooseDataset')}</option>
          {[...groups.entries()].map(([name, versions]) => (
            <optgroup key={name} label={name}>
              <option value={name}>{t('prepare.param.latest', { name })}</option>
              {versions.map((d) => <option key={d.id} value={d.id}>{t('common.versionOf', { name, version: d.version })}</option>)}
            </optgroup>
          ))}
        </select>
      );
    }
    default:
      return <TextField {...props} kind={kind} />;
  }
}

export function ParamField(props: ParamFieldProps) {
  const id = useId();
  const { param, invalid } = props;
  const wide = ['columns', 'json', 'expression', 'enums'].includes(fieldKind(param));
  return (
    <div className={`param${wide ? ' wide' : ''}${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id} className="param-label" title={param.description}>
        {param.name}
        {param.required && <span className="required" aria-label={t('prepare.param.required')}>*</span>}
      </label>
      <Control {...props} id={id} />
      <span className="param-help">{param.description}</span>
    </div>
  );
}
