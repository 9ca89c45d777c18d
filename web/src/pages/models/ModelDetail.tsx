// One model (/models/<id>): headline metrics, the evaluation report on the held-out test rows
// (confusion matrix, ROC / PR curves with a threshold slider for binary problems, per-class table,
// feature importance, residual histogram for regression) and a what-if form that calls
// POST /api/v1/models/{id}/predict.
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Evaluation, Model } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { heatmapOption, horizontalBarsOption, lineOption } from '../../components/chartOptions';
import { metricLabel } from '../../lib/build';
import { formatBytes, formatCount, formatDate, formatPercent, formatStat } from '../../lib/format';
import { normaliseRows } from '../../lib/model';
import { linkHandler, navigate } from '../../lib/router';
import { histogramOption } from '../datasets/charts';
import { RegistryBar } from './RegistryBar';
import { WhatIf } from './WhatIf';

// "xgboost ×3, logistic_regression".
function learnerCounts(learners: string[]): string {
  const counts = new Map<string, number>();
  for (const l of learners) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n > 1 ? `${l} ×${n}` : l)).join(', ');
}

function MetricCards({ model, ev }: { model: Model; ev: Evaluation | null }) {
  const primary = ev?.primary_metric;
  const others = Object.entries(ev?.metrics ?? model.test_metrics ?? {})
    .filter(([k, v]) => typeof v === 'number' && k !== primary?.name && !k.endsWith('_skipped_zero_targets'))
    .slice(0, 5);
  return (
    <div className="metric-cards" data-testid="metric-cards">
      {primary && (
        <div className="metric-card primary" data-testid="metric-primary">
          <div className="metric-name">{metricLabel(primary.name)}</div>
          <div className="metric-value">{formatStat(primary.value)}</div>
          <div className="metric-note">test rows · {primary.higher_is_better ? 'higher' : 'lower'} is better</div>
        </div>
      )}
      {others.map(([k, v]) => (
        <div key={k} className="metric-card" data-testid="metric-card">
          <div className="metric-name">{metricLabel(k)}</div>
          <div className="metric-value">{formatStat(v as number)}</div>
        </div>
      ))}
      {model.validation_score != null && (
        <div className="metric-card">
          <div className="metric-name">Validation {metricLabel(model.metric ?? '')}</div>
          <div className="metric-value">{formatStat(model.validation_score)}</div>
          <div className="metric-note">cross-validated during search</div>
        </div>
      )}
    </div>
  );
}

function ConfusionMatrix({ ev }: { ev: Evaluation }) {
  const [normalised, setNormalised] = useState(false);
  const cm = ev.confusion_matrix!;
  const option = useMemo(() => {
    const matrix = normalised ? normaliseRows(cm.counts) : cm.counts;
    const max = normalised ? 1 : Math.max(1, ...cm.counts.flat());
    return heatmapOption(cm.labels, cm.labels, matrix, {
      min: 0,
      max,
      colors: ['#f8fafc', '#c7d2fe', '#4f46e5'],
      format: normalised ? (v) => `${Math.round(v * 100)}%` : (v) => String(v),
      xName: 'predicted',
      yName: 'actual',
      tooltip: (i, j) => {
        const total = cm.counts[i].reduce((a, b) => a + b, 0);
        return `actual <b>${cm.labels[i]}</b>, predicted <b>${cm.labels[j]}</b><br/>${cm.counts[i][j]} rows (${formatPercent(total ? cm.counts[i][j] / total : 0)} of ${cm.labels[i]})`;
      },
    });
  }, [cm, normalised]);
  const size = Math.max(240, Math.min(520, cm.labels.length * 56 + 90));
  return (
    <section className="panel">
      <div className="panel-title-row">
        <h3 className="panel-title">Confusion matrix</h3>
        <div className="segmented" role="group" aria-label="Confusion matrix values">
          <button type="button" aria-pressed={!normalised} className={!normalised ? 'on' : ''}
            onClick={() => setNormalised(false)} data-testid="cm-counts">Counts</button>
          <button type="button" aria-pressed={normalised} className={normalised ? 'on' : ''}
            onClick={() => setNormalised(true)} data-testid="cm-normalised">Normalised</button>
        </div>
      </div>
      <p className="muted small">Rows are the actual class, columns the predicted one{normalised ? '; each row sums to 100%' : ''}.</p>
      <div data-testid="confusion-matrix" data-labels={cm.labels.join('|')}
        data-total={cm.counts.flat().reduce((a, b) => a + b, 0)}>
        <EChart option={option} height={size} testId="confusion-chart" ariaLabel="Confusion matrix heatmap" />
      </div>
    </section>
  );
}

function Curves({ ev }: { ev: Evaluation }) {
  const rows = ev.thresholds?.rows ?? [];
  const best = ev.thresholds?.best_f1;
  const [index, setIndex] = useState(() => {
    const i = rows.findIndex((r) => r.threshold === best?.threshold);
    return i >= 0 ? i : Math.floor(rows.length / 2);
  });
  const at = rows[index];
  const roc = useMemo(
    () => lineOption(
      [
        { name: 'ROC', points: (ev.roc_curve ?? []).map((p) => [p.fpr, p.tpr]), color: '#4f46e5', area: true },
        { name: 'chance', points: [[0, 0], [1, 1]], color: '#9ca3af', dashed: true },
      ],
      { xName: 'false positive rate', yName: 'true positive rate', xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: false },
    ),
    [ev],
  );
  const pr = useMemo(() => {
    const base = lineOption(
      [{ name: 'PR', points: (ev.pr_curve ?? []).map((p) => [p.recall, p.precision]), color: '#0ea5e9', area: true }],
      { xName: 'recall', yName: 'precision', xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: false },
    ) as { series: object[] };
    if (at) {
      base.series.push({
        type: 'line', name: 'threshold', data: [[at.recall, at.precision]], showSymbol: true,
        symbolSize: 10, itemStyle: { color: '#dc2626' }, lineStyle: { width: 0 },
      });
    }
    return base;
  }, [ev, at]);
  return (
    <section className="panel" data-testid="curves">
      <h3 className="panel-title">ROC and precision-recall (positive class: {ev.positive_class})</h3>
      <div className="curves-grid">
        <div>
          <div className="chart-caption muted">ROC · AUC {formatStat(ev.metrics.roc_auc ?? null)}</div>
          <EChart option={roc} height={240} testId="roc-chart" ariaLabel="ROC curve" />
        </div>
        <div>
          <div className="chart-caption muted">Precision-recall · AP {formatStat(ev.metrics.average_precision ?? null)}</div>
          <EChart option={pr} height={240} testId="pr-chart" ariaLabel="Precision-recall curve" />
        </div>
      </div>
      {at && (
        <div className="threshold">
          <label className="field inline">
            <span>Threshold <strong>{at.threshold.toFixed(2)}</strong></span>
            <input type="range" min={0} max={rows.length - 1} value={index} onChange={(e) => setIndex(Number(e.target.value))}
              data-testid="threshold-slider" aria-valuetext={at.threshold.toFixed(2)} />
          </label>
          <span>precision <strong>{formatStat(at.precision)}</strong></span>
          <span>recall <strong>{formatStat(at.recall)}</strong></span>
          <span>F1 <strong>{formatStat(at.f1)}</strong></span>
          <span>accuracy <strong>{formatStat(at.accuracy)}</strong></span>
          {best && <span className="muted small">best F1 at {best.threshold.toFixed(2)}</span>}
        </div>
      )}
    </section>
  );
}

function PerClass({ ev }: { ev: Evaluation }) {
  return (
    <section className="panel">
      <h3 className="panel-title">Per class</h3>
      <table className="table compact" data-testid="per-class">
        <thead><tr><th>Class</th><th className="num">Precision</th><th className="num">Recall</th><th className="num">F1</th><th className="num">Support</th></tr></thead>
        <tbody>
          {ev.classes!.map((c) => (
            <tr key={c.label} data-testid="class-metrics-row">
              <td>{c.label}</td>
              <td className="num">{formatStat(c.precision)}</td>
              <td className="num">{formatStat(c.recall)}</td>
              <td className="num">{formatStat(c.f1)}</td>
              <td className="num">{formatCount(c.support)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Importance({ ev }: { ev: Evaluation }) {
  const fi = ev.feature_importance ?? {};
  const kinds = [
    ...(fi.permutation?.features?.length ? ['permutation' as const] : []),
    ...(fi.gain?.length ? ['gain' as const] : []),
  ];
  const [kind, setKind] = useState<'permutation' | 'gain'>(kinds[0] ?? 'gain');
  const items = kind === 'permutation'
    ? (fi.permutation?.features ?? []).map((f) => ({ label: f.feature, value: f.mean_drop }))
    : (fi.gain ?? []).map((f) => ({ label: f.feature, value: f.importance }));
  const shown = items.slice(0, 20);
  const key = JSON.stringify(shown);
  const option = useMemo(() => horizontalBarsOption(JSON.parse(key) as typeof shown, { color: '#10b981' }), [key]);
  if (kinds.length === 0) return null;
  return (
    <section className="panel">
      <div className="panel-title-row">
        <h3 className="panel-title">Feature importance</h3>
        {kinds.length > 1 && (
          <div className="segmented" role="group" aria-label="Importance kind">
            {kinds.map((k) => (
              <button key={k} type="button" aria-pressed={kind === k} className={kind === k ? 'on' : ''} onClick={() => setKind(k)}>{k}</button>
            ))}
          </div>
        )}
      </div>
      <p className="muted small">
        {kind === 'permutation'
          ? `How much ${metricLabel(fi.permutation?.metric ?? '')} drops when the column is shuffled.`
          : 'Gain (trees) or |coefficient| (linear models).'}
      </p>
      <EChart option={option} height={Math.max(120, shown.length * 24 + 16)} testId="importance-chart" ariaLabel="Feature importance" />
    </section>
  );
}

function Residuals({ ev }: { ev: Evaluation }) {
  const option = useMemo(
    () => histogramOption(ev.residual_histogram!.map((b) => ({ low: b.lower, high: b.upper, count: b.count }))),
    [ev],
  );
  return (
    <section className="panel" data-testid="residuals">
      <h3 className="panel-title">Residuals (actual − predicted)</h3>
      <EChart option={option} height={220} testId="residual-chart" ariaLabel="Residual histogram" />
    </section>
  );
}

export function ModelDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { data: model, error, isPending } = useQuery({ queryKey: ['model', id], queryFn: () => api.getModel(id), staleTime: Infinity });
  const remove = useMutation({
    mutationFn: () => api.deleteModel(id),
    onSuccess: async () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: ['model', id] });
      await queryClient.invalidateQueries({ queryKey: ['models'] });
      navigate('/models');
    },
  });
  const back = <a href="/models" onClick={linkHandler('/models')} className="back-link">← All models</a>;
  if (isPending) return <div className="page">{back}<div className="panel muted pad">Loading…</div></div>;
  if (error) return <div className="page">{back}<ErrorBox error={error} testId="model-error" /></div>;
  const ev = model.evaluation ?? null;
  const classification = ev ? ev.problem_type !== 'regression' : model.problem_type !== 'regression';

  return (
    <div className="page wide" data-testid="model-detail">
      {back}
      <header className="page-header detail-header">
        <div>
          <h1 data-testid="model-name">{model.name} <span className="version-pill">v{model.version}</span></h1>
          <div className="facts">
            <div className="fact"><div className="fact-label">Predicts</div><div className="fact-value"><code>{model.target}</code> · {model.problem_type}</div></div>
            {model.dataset && (
              <div className="fact"><div className="fact-label">Trained on</div><div className="fact-value">
                <a href={`/datasets/${encodeURIComponent(model.dataset.id)}`} onClick={linkHandler(`/datasets/${encodeURIComponent(model.dataset.id)}`)}>
                  {model.dataset.name} v{model.dataset.version}
                </a></div></div>
            )}
            <div className="fact"><div className="fact-label">Rows</div><div className="fact-value">{formatCount(model.train_rows)} train · {formatCount(model.test_rows)} test</div></div>
            <div className="fact"><div className="fact-label">Size</div><div className="fact-value">{formatBytes(model.bundle_bytes)}</div></div>
            <div className="fact"><div className="fact-label">Created</div><div className="fact-value">{formatDate(model.created_at)}</div></div>
          </div>
          {model.manifest?.members && (
            <p className="muted small">
              {model.manifest.members.length > 1 ? `Ensemble of ${model.manifest.members.length}: ` : ''}
              {learnerCounts(model.manifest.members.map((m) => m.learner))}
              {model.job_id && <> · <a href={`/build/${encodeURIComponent(model.job_id)}`} onClick={linkHandler(`/build/${encodeURIComponent(model.job_id)}`)}>training run</a></>}
            </p>
          )}
        </div>
        <div className="header-actions">
          <a className="btn" href={api.modelDownloadUrl(model.id)} download>Download</a>
          <button className="btn btn-danger-outline" onClick={() => setConfirming(true)}>Delete</button>
        </div>
      </header>

      <RegistryBar model={model} />
      <MetricCards model={model} ev={ev} />
      {!ev && <div className="panel muted pad">This model has no evaluation report.</div>}

      <div className="model-grid">
        <div className="model-main">
          {ev && classification && ev.confusion_matrix && <ConfusionMatrix ev={ev} />}
          {ev && ev.roc_curve && ev.roc_curve.length > 0 && <Curves ev={ev} />}
          {ev && classification && ev.classes && <PerClass ev={ev} />}
          {ev && !classification && ev.residual_histogram && <Residuals ev={ev} />}
          {ev && <Importance ev={ev} />}
        </div>
        <aside className="model-side">
          <WhatIf model={model} />
        </aside>
      </div>

      <ConfirmDialog
        open={confirming}
        title={`Delete ${model.name} v${model.version}?`}
        body={<><p>This removes the model and its stored bundle.</p>{remove.error && <ErrorBox error={remove.error} />}</>}
        confirmLabel="Delete"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => { setConfirming(false); remove.reset(); }}
      />
    </div>
  );
}
