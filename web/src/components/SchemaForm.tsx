// A form with one field per model input, generated from the model's input schema: a select for
// categories and booleans, a text box (with the training range as a hint) for numbers and text.
// Values are kept as typed strings; lib/model.ts whatIfRow turns them into a typed row. Shared by
// the endpoint playground (and shaped like the Model page's what-if form).
import type { InputColumn } from '../api/types';
import { t } from '../i18n';
import { formatStat } from '../lib/format';
import { whatIfFieldType } from '../lib/model';
import { TypeBadge } from './TypeBadge';

export interface SchemaFormProps {
  schema: readonly InputColumn[];
  values: Record<string, string>;
  errors?: Record<string, string>;
  onChange: (column: string, value: string) => void;
  idPrefix: string;
  testId?: string; // data-testid of each field (with data-column)
}

export function SchemaForm({ schema, values, errors = {}, onChange, idPrefix, testId = 'schema-field' }: SchemaFormProps) {
  return (
    <div className="schema-form">
      {schema.map((c) => {
        const type = whatIfFieldType(c);
        const v = values[c.name] ?? '';
        const id = `${idPrefix}-${c.name}`;
        const set = (x: string) => onChange(c.name, x);
        const range = type === 'number' && c.min != null && c.max != null ? `${formatStat(c.min)} – ${formatStat(c.max)}` : '';
        return (
          <div key={c.name} className={`param${errors[c.name] ? ' invalid' : ''}`}>
            <label htmlFor={id} className="param-label whatif-label">
              <span>{c.name}</span> <TypeBadge type={c.type} />
            </label>
            {type === 'category' || type === 'boolean' ? (
              <select id={id} value={v} onChange={(e) => set(e.target.value)} data-testid={testId} data-column={c.name}>
                <option value="">{t('deploy.form.missing')}</option>
                {(type === 'boolean' ? ['true', 'false'] : c.categories!).map((x) => (
                  <option key={x} value={x}>{x}</option>
                ))}
              </select>
            ) : (
              <input id={id} value={v} onChange={(e) => set(e.target.value)} inputMode={type === 'number' ? 'decimal' : undefined}
                data-testid={testId} data-column={c.name} placeholder={range}
                aria-invalid={errors[c.name] ? true : undefined} />
            )}
            {range && <span className="param-help">{t('deploy.form.trainedRange', { range })}</span>}
            {errors[c.name] && <span className="field-error">{errors[c.name]}</span>}
          </div>
        );
      })}
    </div>
  );
}
