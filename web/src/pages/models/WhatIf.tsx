// The what-if form: one field per model input (from the model's input schema), sent as one row
// to POST /api/v1/models/{id}/predict; the answer is shown as class probability bars, or the
// predicted value for regression. The same row goes to POST /api/v1/models/{id}/explain for the
// contributions chart (TreeSHAP of the ensemble's highest-weighted tree member; a model without
// one answers 501 and the panel says so).
import { useMemo, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import { deployApi, type Explanation } from '../../api/deploy';
import type { InputColumn, Model } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { TypeBadge } from '../../components/TypeBadge';
import { horizontalBarsOption } from '../../components/chartOptions';
import { t } from '../../i18n';
import { formatMillis, formatPercent, formatStat } from '../../lib/format';
import { defaultWhatIf, rankContributions, sortedProbabilities, whatIfFieldType, whatIfRow } from '../../lib/model';
import { useLook } from '../../lib/theme';

// The contributions of one explained row as diverging bars (green raises the score of the
// predicted class / the predicted value, red lowers it).
function Contributions({ explanation, classification, positive }: { explanation: Explanation; classification: boolean; positive?: string }) {
  const e = explanation.explanations[0];
  const look = useLook();
  const ranked = useMemo(() => rankContributions(e?.contributions ?? {}, 12), [e]);
  const option = useMemo(() => {
    const items = ranked.items.map((c) => ({ label: c.column, value: c.value, color: c.value >= 0 ? '#10b981' : '#ef4444' }));
    if (ranked.other) items.push({ label: t('models.whatIf.otherColumns', { count: ranked.other.count }), value: ranked.other.value, color: '#9ca3af' });
    return horizontalBarsOption(items);
  }, [ranked, look]);
  if (!e) return null;
  const rows = ranked.items.length + (ranked.other ? 1 : 0);
  return (
    <div className="contributions" data-testid="whatif-contributions" data-columns={ranked.items.map((c) => c.column).join('|')}>
      <h4>{t('models.whatIf.contributions')}</h4>
      <EChart option={option} height={Math.max(80, rows * 24 + 12)} testId="contrib-chart" ariaLabel={t('models.whatIf.contributions')} />
      <p className="muted small">
        {positive != null
          ? t('models.whatIf.contribNoteBinary', { learner: explanation.member_learner, bias: formatStat(e.bias), positive })
          : t(classification ? 'models.whatIf.contribNoteClass' : 'models.whatIf.contribNoteValue', {
            learner: explanation.member_learner,
            bias: formatStat(e.bias),
          })}
      </p>
    </div>
  );
}

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
  const explain = useMutation({
    mutationFn: (row: Record<string, unknown>) => deployApi.explain(model.id, [row]),
  });
  const submit = () => {
    const r = whatIfRow(schema, values);
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    predict.mutate(r.row);
    explain.mutate(r.row);
  };
  const noExplainer = explain.error instanceof ApiError && explain.error.status === 501;
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
          {explain.data && (
            <Contributions explanation={explain.data} classification={'label' in prediction}
              positive={model.problem_type === 'binary' ? (model.evaluation?.positive_class ?? model.classes?.[1]) : undefined} />
          )}
          {explain.isPending && <p className="muted small">{t('models.whatIf.explaining')}</p>}
          {noExplainer && <p className="muted small" data-testid="whatif-no-explainer">{t('models.whatIf.noExplainer')}</p>}
          {explain.error && !noExplainer && <ErrorBox error={explain.error} testId="whatif-explain-error" />}
        </div>
      )}
    </section>
  );
}
