// The what-if form: one field per model input (from the model's input schema), sent as one row
// to POST /api/v1/models/{id}/predict; the answer is shown as class probability bars, or the
// predicted value for regression.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { InputColumn, Model } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { TypeBadge } from '../../components/TypeBadge';
import { t } from '../../i18n';
import { formatMillis, formatPercent, formatStat } from '../../lib/format';
import { defaultWhatIf, sortedProbabilities, whatIfFieldType, whatIfRow } from '../../lib/model';

function schemaOf(model: Model): InputColumn[] {
  if (model.input_schema && model.input_schema.length > 0 && !model.has_recipe) return model.input_schema;
  // With a recipe the schema describes the recipe's output; ask for the raw columns as text.
  return (model.input_columns ?? []).map((name) => ({ name, type: 'text' }));
}

export function WhatIf({ model }: { model: Model }) {
  const schema = schemaOf(model);
  const [values, setValues] = useState<Record<string, string>>(() => defaultWhatIf(schema));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const predict = useMutation({
    mutationFn: (row: Record<string, unknown>) => api.predict(model.id, [row]),
  });
  const submit = () => {
    const r = whatIfRow(schema, values);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    predict.mutate(r.row);
  };
  const prediction = predict.data?.predictions[0];
  const probabilities = prediction ? sortedProbabilities(prediction) : [];

  return (
    <section className="panel what-if" data-testid="what-if">
      <h3 className="panel-title">{t('models.whatIf.title')}</h3>
      <p className="muted small">{t('models.whatIf.hint')}</p>
      {schema.length === 0 && <p className="muted">{t('models.whatIf.noSchema')}</p>}
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <div className="what-if-fields">
          {schema.map((c) => {
            const kind = whatIfFieldType(c);
            const v = values[c.name] ?? '';
            const set = (x: string) => setValues((cur) => ({ ...cur, [c.name]: x }));
            const id = `whatif-${c.name}`;
            return (
              <div key={c.name} className={`param${errors[c.name] ? ' invalid' : ''}`}>
                <label htmlFor={id} className="param-label whatif-label">
                  <span>{c.name}</span> <TypeBadge type={c.type} />
                </label>
                {kind === 'category' ? (
                  <select id={id} value={v} onChange={(e) => set(e.target.value)} data-testid="whatif-field" data-column={c.name}>
                    <option value="">{t('models.whatIf.missing')}</option>
                    {c.categories!.map((x) => <option key={x} value={x}>{x}</option>)}
                  </select>
                ) : kind === 'boolean' ? (
                  <select id={id} value={v} onChange={(e) => set(e.target.value)} data-testid="whatif-field" data-column={c.name}>
                    <option value="">{t('models.whatIf.missing')}</option>
                    <option value="true">{t('common.true')}</option>
                    <option value="false">{t('common.false')}</option>
                  </select>
                ) : (
                  <input id={id} value={v} onChange={(e) => set(e.target.value)} inputMode={kind === 'number' ? 'decimal' : undefined}
                    data-testid="whatif-field" data-column={c.name}
                    placeholder={kind === 'number' && c.min != null && c.max != null ? `${formatStat(c.min)} – ${formatStat(c.max)}` : ''} />
                )}
                {kind === 'number' && c.min != null && c.max != null && (
                  <span className="param-help">{t('models.whatIf.trainedOn', { min: formatStat(c.min), max: formatStat(c.max) })}</span>
                )}
                {errors[c.name] && <span className="field-error">{errors[c.name]}</span>}
              </div>
            );
          })}
        </div>
        <button type="submit" className="btn btn-primary" disabled={predict.isPending || schema.length === 0} data-testid="whatif-predict">
          {predict.isPending ? t('models.whatIf.predicting') : t('models.whatIf.predict')}
        </button>
      </form>
      {predict.error && <ErrorBox error={predict.error} testId="whatif-error" />}
      {prediction && (
        <div className="what-if-result" data-testid="whatif-result">
          {'label' in prediction ? (
            <>
              <div className="prediction-head">{t('models.whatIf.prediction')} <strong data-testid="whatif-label">{prediction.label}</strong></div>
              <ul className="prob-bars">
                {probabilities.map((p) => (
                  <li key={p.label} className={p.label === prediction.label ? 'top' : ''} data-testid="prob-bar" data-label={p.label}>
                    <span className="prob-label">{p.label}</span>
                    <span className="prob-track"><span className="prob-fill" style={{ width: `${(p.probability * 100).toFixed(1)}%` }} /></span>
                    <span className="prob-value">{formatPercent(p.probability)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <div className="prediction-head">
              {t('models.whatIf.predicted', { target: model.target ?? '' })}{' '}
              <strong data-testid="whatif-value">{formatStat(prediction.value)}</strong>
            </div>
          )}
          <div className="muted small">{formatMillis(predict.data!.millis)}</div>
        </div>
      )}
    </section>
  );
}
