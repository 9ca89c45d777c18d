// The Build form: dataset and target (with the detected problem type, which can be overridden),
// a quick or standard time budget, and advanced options (seconds, metric, learners, excluded
// columns, model name). Start sends POST /api/v1/training-jobs and opens the live view.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Dataset } from '../../api/types';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import {
  LEARNERS,
  defaultMetric,
  learnerLabel,
  metricLabel,
  detectProblem,
  learnersFor,
  metricsFor,
  trainingRequest,
  type BuildForm as Form,
  type ProblemType,
} from '../../lib/build';
import { navigate, setSearchParams } from '../../lib/router';


export function BuildForm({ datasets, datasetId }: { datasets: Dataset[]; datasetId: string }) {
  const queryClient = useQueryClient();
  const dataset = datasets.find((d) => d.id === datasetId);
  const [form, setForm] = useState<Omit<Form, 'datasetId'>>({
    target: '', problemType: '', budget: 'quick', budgetSeconds: '', metric: '', algorithms: [],
    excludeColumns: [], modelName: '',
  });
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const profile = useQuery({
    queryKey: ['profile', datasetId, null],
    queryFn: () => api.profile(datasetId),
    enabled: !!dataset,
    staleTime: Infinity,
  });
  const targetProfile = profile.data?.columns.find((c) => c.name === form.target);
  const detected = targetProfile && profile.data ? detectProblem(targetProfile, profile.data.rows) : null;
  const effective: ProblemType | null =
    form.problemType || (detected && 'type' in detected ? detected.type : null);
  const hasText = !!dataset?.columns.some((c) => c.type === 'text' && c.name !== form.target);
  const learners = useMemo(() => (effective ? learnersFor(effective, hasText) : []), [effective, hasText]);

  const start = useMutation({
    mutationFn: () => api.startTraining(trainingRequest({ ...form, datasetId })),
    onSuccess: async (job) => {
      await queryClient.invalidateQueries({ queryKey: ['training-jobs'] });
      navigate(`/build/${encodeURIComponent(job.id)}`);
    },
  });

  const chooseDataset = (id: string) => {
    setSearchParams({ dataset: id });
    const next = datasets.find((d) => d.id === id);
    if (next && !next.columns.some((c) => c.name === form.target)) set({ target: '', excludeColumns: [] });
  };

  return (
    <form className="panel build-form" data-testid="build-form"
      onSubmit={(e) => { e.preventDefault(); if (dataset && form.target) start.mutate(); }}>
      <div className="build-row">
        <DatasetPicker datasets={datasets} value={datasetId} onChange={chooseDataset} testId="build-dataset" />
        <label className="field">
          <span>{t('build.form.target')}</span>
          <select value={form.target} disabled={!dataset} data-testid="build-target"
            onChange={(e) => set({ target: e.target.value, problemType: '', metric: '', algorithms: [] })}>
            <option value="">{t('build.form.chooseTarget')}</option>
            {dataset?.columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({c.type})</option>)}
          </select>
        </label>
      </div>

      {form.target && (
        <div className="problem-line" data-testid="problem-type">
          {profile.isPending && <span className="muted">{t('build.form.looking', { column: form.target })}</span>}
          {detected && 'error' in detected && !form.problemType && (
            <span className="warn-text">{form.target}: {detected.error}</span>
          )}
          {effective && (
            <span className="problem-pill" data-problem={effective}>{t(`build.problem.${effective}`)}</span>
          )}
          {detected && 'type' in detected && !form.problemType && <span className="muted small">{t('build.form.detected')}</span>}
          <label className="field inline">
            <span>{t('build.form.change')}</span>
            <select value={form.problemType} data-testid="build-problem"
              onChange={(e) => set({ problemType: e.target.value as Form['problemType'], metric: '', algorithms: [] })}>
              <option value="">
                {detected && 'type' in detected
                  ? t('build.form.autoDetected', { type: t(`common.problem.${detected.type}`) })
                  : t('build.form.auto')}
              </option>
              <option value="binary">{t('common.problem.binary')}</option>
              <option value="multiclass">{t('common.problem.multiclass')}</option>
              <option value="regression">{t('common.problem.regression')}</option>
            </select>
          </label>
        </div>
      )}

      <fieldset className="budget-choice">
        <legend>{t('build.form.budget')}</legend>
        {([
          ['quick', t('build.form.quick'), t('build.form.quickHint')],
          ['standard', t('build.form.standard'), t('build.form.standardHint')],
        ] as const).map(([value, label, hint]) => (
          <label key={value} className={`budget-card${form.budget === value && !form.budgetSeconds ? ' selected' : ''}`}>
            <input type="radio" name="budget" value={value} checked={form.budget === value}
              onChange={() => set({ budget: value, budgetSeconds: '' })} data-testid={`budget-${value}`} />
            <strong>{label}</strong>
            <span className="muted small">{hint}</span>
          </label>
        ))}
      </fieldset>

      <details className="advanced">
        <summary data-testid="build-advanced">{t('build.form.advanced')}</summary>
        <div className="advanced-grid">
          <label className="field">
            <span>{t('build.form.seconds')}</span>
            <input inputMode="decimal" value={form.budgetSeconds} placeholder={form.budget === 'quick' ? '15' : '60'}
              onChange={(e) => set({ budgetSeconds: e.target.value })} data-testid="build-seconds" />
          </label>
          <label className="field">
            <span>{t('build.form.metric')}</span>
            <select value={form.metric} disabled={!effective} onChange={(e) => set({ metric: e.target.value })}
              data-testid="build-metric">
              <option value="">
                {effective ? t('build.form.defaultMetricIs', { metric: metricLabel(defaultMetric(effective)) }) : t('build.form.defaultMetric')}
              </option>
              {effective && metricsFor(effective).map((m) => (
                <option key={m.name} value={m.name}>
                  {t(m.higherIsBetter ? 'build.form.higherBetter' : 'build.form.lowerBetter', { metric: metricLabel(m.name) })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('build.form.predictLimit')}</span>
            <input inputMode="decimal" value={form.predictLimitMs ?? ''} placeholder={t('build.form.predictLimitDefault')}
              onChange={(e) => set({ predictLimitMs: e.target.value })} data-testid="build-predict-limit" />
          </label>
          <label className="field">
            <span>{t('build.form.modelName')}</span>
            <input value={form.modelName} placeholder={dataset ? `${dataset.name}-${form.target || 'model'}` : ''}
              onChange={(e) => set({ modelName: e.target.value })} data-testid="build-model-name" />
          </label>
          <div className="field">
            <span>{t('build.form.learners')}</span>
            <div className="checks">
              {LEARNERS.filter((l) => learners.includes(l.name)).map((l) => (
                <label key={l.name} className="check">
                  <input type="checkbox" checked={form.algorithms.includes(l.name)}
                    onChange={(e) => set({
                      algorithms: e.target.checked ? [...form.algorithms, l.name] : form.algorithms.filter((x) => x !== l.name),
                    })} />
                  {learnerLabel(l.name)}
                </label>
              ))}
              {!effective && <span className="muted small">{t('build.form.targetFirst')}</span>}
            </div>
          </div>
          <div className="field wide">
            <span>{t('build.form.exclude')}</span>
            <div className="checks">
              {dataset?.columns.filter((c) => c.name !== form.target).map((c) => (
                <label key={c.name} className="check">
                  <input type="checkbox" checked={form.excludeColumns.includes(c.name)}
                    onChange={(e) => set({
                      excludeColumns: e.target.checked ? [...form.excludeColumns, c.name] : form.excludeColumns.filter((x) => x !== c.name),
                    })} />
                  <code>{c.name}</code>
                </label>
              ))}
            </div>
          </div>
        </div>
      </details>

      <div className="build-actions">
        <button type="submit" className="btn btn-primary btn-lg" disabled={!dataset || !form.target || start.isPending}
          data-testid="build-start">
          {start.isPending ? t('build.form.starting') : t('build.form.start')}
        </button>
        {!dataset && <span className="muted">{t('build.form.chooseDataset')}</span>}
        {dataset && !form.target && <span className="muted">{t('build.form.chooseColumn')}</span>}
      </div>
      {start.error && <ErrorBox error={start.error} testId="build-error" />}
    </form>
  );
}
