// One model (/models/<id>): headline metrics, the evaluation report on the held-out test rows
// (confusion matrix, ROC / PR curves with a threshold slider for binary problems, per-class table,
// feature importance, residual histogram for regression) and a what-if form that calls
// POST /api/v1/models/{id}/predict.
import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Evaluation, Model } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { heatmapOption, horizontalBarsOption, lineOption } from '../../components/chartOptions';
import { t, tn, tOr } from '../../i18n';
import { metricLabel } from '../../lib/build';
import { formatBytes, formatCount, formatDate, formatFixed, formatPercent, formatStat } from '../../lib/format';
import { cellSummary, confusionAtThreshold, defaultThresholdIndex, normaliseRows, type CellSummary, type ThresholdRow } from '../../lib/model';
import { linkHandler, navigate } from '../../lib/router';
import { chartColors, useLook } from '../../lib/theme';
import { histogramOption } from '../datasets/charts';
import { RegistryBar } from './RegistryBar';
import { BatchPredict } from './BatchPredict';
import { WhatIf } from './WhatIf';
import './models.css';

// Text for an ECharts tooltip (HTML): class labels come from the data.
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

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
          <div className="metric-note">{primary.higher_is_better ? t('models.metric.testRows') : t('models.metric.testRowsLower')}</div>
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
          <div className="metric-name">{t('models.metric.validation', { metric: metricLabel(model.metric ?? '') })}</div>
          <div className="metric-value">{formatStat(model.validation_score)}</div>
          <div className="metric-note">{t('models.metric.cv')}</div>
        </div>
      )}
    </div>
  );
}

type ThresholdState = { rows: ThresholdRow[]; index: number; setIndex: (i: number) => void };

// The threshold slider of a binary model: the report's rows at 0.05, 0.10, … 0.95 with the
// precision, recall, F1 and accuracy at the chosen one.
function ThresholdBar({ th, best }: { th: ThresholdState; best?: ThresholdRow }) {
  const at = th.rows[th.index];
  if (!at) return null;
  return (
    <div className="threshold" data-testid="threshold" data-threshold={at.threshold}>
      <label className="field inline">
        <span>{t('models.curves.thresholdLabel')} <strong data-testid="threshold-value">{formatFixed(at.threshold, 2)}</strong></span>
        <input type="range" min={0} max={th.rows.length - 1} value={th.index} onChange={(e) => th.setIndex(Number(e.target.value))}
          data-testid="threshold-slider" aria-valuetext={formatFixed(at.threshold, 2)} aria-label={t('models.curves.thresholdLabel')} />
      </label>
      <span>{t('models.curves.precision')} <strong data-testid="threshold-precision">{formatStat(at.precision)}</strong></span>
      <span>{t('models.curves.recall')} <strong data-testid="threshold-recall">{formatStat(at.recall)}</strong></span>
      <span>{t('models.curves.f1')} <strong>{formatStat(at.f1)}</strong></span>
      <span>{t('models.curves.accuracy')} <strong data-testid="threshold-accuracy">{formatStat(at.accuracy)}</strong></span>
      {best && (
        <button type="button" className="btn btn-small" data-testid="threshold-best"
          onClick={() => th.setIndex(Math.max(0, th.rows.findIndex((r) => r.threshold === best.threshold)))}>
          {t('models.curves.bestF1', { threshold: formatFixed(best.threshold, 2) })}
        </button>
      )}
    </div>
  );
}

// What a clicked cell holds: its count and shares, and the test rows the report kept for it
// (up to examples.max_per_cell, from the argmax predictions). Older reports keep counts only.
type CellExamples = NonNullable<Evaluation['examples']>['cells'][number];

function ExampleRows({ examples, max }: { examples: CellExamples; max: number }) {
  const columns = Object.keys(examples.rows[0]?.values ?? {});
  return (
    <div className="cm-cell-examples" data-testid="cm-cell-examples">
      <p className="muted small">{t('models.cell.examples', { shown: formatCount(examples.rows.length), count: formatCount(examples.count), max: formatCount(max) })}</p>
      <div className="cm-examples-wrap">
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('models.cell.testRow')}</th>
              <th>{t('models.cell.probability')}</th>
              {columns.map((c) => <th key={c}>{c}</th>)}
            </tr>
          </thead>
          <tbody>
            {examples.rows.map((r) => (
              <tr key={r.row} data-testid="cm-cell-example">
                <td className="num">{r.row + 1}</td>
                <td className="num">{formatPercent(r.probability)}</td>
                {columns.map((c) => {
                  const v = r.values[c];
                  return <td key={c} className={typeof v === 'number' ? 'num' : undefined}>{v === null || v === undefined ? <span className="null">{t('common.null')}</span> : String(v)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function CellDetails({ cell, threshold, examples, maxExamples, onClose }: {
  cell: CellSummary; threshold: number | null; examples: CellExamples | null | undefined; maxExamples: number; onClose: () => void;
}) {
  return (
    <div className="cm-cell-details" data-testid="cm-cell" data-actual={cell.actual} data-predicted={cell.predicted} data-count={cell.count}>
      <div className="cm-cell-head">
        <strong>
          {cell.correct
            ? t('models.cell.correct', { actual: cell.actual })
            : t('models.cell.wrong', { actual: cell.actual, predicted: cell.predicted })}
        </strong>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="cm-cell-close">{t('models.cell.close')}</button>
      </div>
      <ul className="cm-cell-figures">
        <li><span className="muted">{t('models.cell.rows')}</span> <strong data-testid="cm-cell-count">{formatCount(cell.count)}</strong></li>
        <li><span className="muted">{t('models.cell.ofActual', { actual: cell.actual, total: formatCount(cell.actualTotal) })}</span> <strong>{formatPercent(cell.ofActual)}</strong></li>
        <li><span className="muted">{t('models.cell.ofPredicted', { predicted: cell.predicted, total: formatCount(cell.predictedTotal) })}</span> <strong>{formatPercent(cell.ofPredicted)}</strong></li>
        <li><span className="muted">{t('models.cell.ofAll', { total: formatCount(cell.total) })}</span> <strong>{formatPercent(cell.ofAll)}</strong></li>
      </ul>
      <p className="muted small" data-testid="cm-cell-note">
        {threshold != null ? t('models.cell.atThreshold', { threshold: formatFixed(threshold, 2) }) + ' ' : ''}
        {examples === undefined ? t('models.cell.noExamples') : examples === null ? t('models.cell.noneInCell') : ''}
      </p>
      {examples && examples.rows.length > 0 && <ExampleRows examples={examples} max={maxExamples} />}
    </div>
  );
}

function ConfusionMatrix({ ev, th }: { ev: Evaluation; th: ThresholdState | null }) {
  const [normalised, setNormalised] = useState(false);
  const [picked, setPicked] = useState<[number, number] | null>(null);
  const base = ev.confusion_matrix!;
  const at = th ? th.rows[th.index] : undefined;
  // Binary models: the matrix at the slider's threshold (the report's own matrix is the argmax one).
  const counts = useMemo(
    () => (at ? confusionAtThreshold(base.labels, base.counts, ev.positive_class, at) : null) ?? base.counts,
    [base, at, ev.positive_class],
  );
  const cm = { labels: base.labels, counts };
  const look = useLook();
  const option = useMemo(() => {
    const matrix = normalised ? normaliseRows(counts) : counts;
    const max = normalised ? 1 : Math.max(1, ...counts.flat());
    return heatmapOption(base.labels, base.labels, matrix, {
      min: 0,
      max,
      colors: [chartColors().heatLow, chartColors().heatMid, '#4f46e5'],
      format: normalised ? (v) => `${formatCount(Math.round(v * 100))}%` : (v) => formatCount(v),
      xName: t('models.cm.predicted'),
      yName: t('models.cm.actual'),
      tooltip: (i, j) => {
        const total = counts[i].reduce((a, b) => a + b, 0);
        return t('models.cm.tooltip', { actual: `<b>${escapeHtml(base.labels[i])}</b>`, predicted: `<b>${escapeHtml(base.labels[j])}</b>` }) +
          '<br/>' + t('models.cm.tooltipRows', {
            rows: tn('common.rows', counts[i][j]),
            percent: formatPercent(total ? counts[i][j] / total : 0),
            actual: escapeHtml(base.labels[i]),
          }) + '<br/>' + t('models.cm.clickHint');
      },
    });
  }, [base, counts, normalised, look]);
  const onClick = useCallback((p: { data: unknown }) => {
    const d = p.data as [number, number, number | null] | undefined;
    if (Array.isArray(d)) setPicked([d[1], d[0]]);
  }, []);
  const cell = picked ? cellSummary(cm.labels, counts, picked[0], picked[1]) : null;
  const size = Math.max(240, Math.min(520, cm.labels.length * 56 + 90));
  return (
    <section className="panel">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('models.cm.title')}</h3>
        <div className="segmented" role="group" aria-label={t('models.cm.values')}>
          <button type="button" aria-pressed={!normalised} className={!normalised ? 'on' : ''}
            onClick={() => setNormalised(false)} data-testid="cm-counts">{t('models.cm.counts')}</button>
          <button type="button" aria-pressed={normalised} className={normalised ? 'on' : ''}
            onClick={() => setNormalised(true)} data-testid="cm-normalised">{t('models.cm.normalised')}</button>
        </div>
      </div>
      <p className="muted small">
        {normalised ? t('models.cm.hintNormalised') : t('models.cm.hint')}{' '}
        {at ? `${t('models.cm.atThreshold', { threshold: formatFixed(at.threshold, 2), positive: String(ev.positive_class ?? '') })} ` : ''}
        {t('models.cm.clickHint')}
      </p>
      {th && <ThresholdBar th={th} best={ev.thresholds?.best_f1} />}
      <div data-testid="confusion-matrix" data-labels={cm.labels.join('|')}
        data-total={counts.flat().reduce((a, b) => a + b, 0)} data-counts={JSON.stringify(counts)}>
        <EChart option={option} height={size} testId="confusion-chart" ariaLabel={t('models.cm.chart')} onClick={onClick} />
      </div>
      {/* Keyboard and screen-reader access to the cells (the canvas takes mouse clicks only). */}
      <div className="cm-cell-picker" role="group" aria-label={t('models.cell.pick')}>
        {cm.labels.map((a, i) => cm.labels.map((b, j) => (
          <button key={`${i}-${j}`} type="button" className="sr-only-focusable" data-testid="cm-cell-button" data-actual={a} data-predicted={b}
            onClick={() => setPicked([i, j])}>
            {t('models.cm.tooltip', { actual: a, predicted: b })}
          </button>
        )))}
      </div>
      {cell && (
        <CellDetails
          cell={cell}
          threshold={at ? at.threshold : null}
          // undefined: the report keeps no examples; null: it does, but none for this cell.
          examples={ev.examples ? ev.examples.cells.find((c) => c.actual === cell.actual && c.predicted === cell.predicted) ?? null : undefined}
          maxExamples={ev.examples?.max_per_cell ?? 0}
          onClose={() => setPicked(null)}
        />
      )}
    </section>
  );
}

function Curves({ ev, th }: { ev: Evaluation; th: ThresholdState | null }) {
  const at = th ? th.rows[th.index] : undefined;
  const look = useLook();
  const roc = useMemo(
    () => lineOption(
      [
        { name: 'ROC', points: (ev.roc_curve ?? []).map((p) => [p.fpr, p.tpr]), color: '#4f46e5', area: true },
        { name: t('models.curves.chance'), points: [[0, 0], [1, 1]], color: '#9ca3af', dashed: true },
      ],
      { xName: t('models.curves.fpr'), yName: t('models.curves.tpr'), xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: false },
    ),
    [ev, look],
  );
  const pr = useMemo(() => {
    const base = lineOption(
      [{ name: 'PR', points: (ev.pr_curve ?? []).map((p) => [p.recall, p.precision]), color: '#0ea5e9', area: true }],
      { xName: t('models.curves.recall'), yName: t('models.curves.precision'), xMin: 0, xMax: 1, yMin: 0, yMax: 1, legend: false },
    ) as { series: object[] };
    if (at) {
      base.series.push({
        type: 'line', name: t('models.curves.threshold'), data: [[at.recall, at.precision]], showSymbol: true,
        symbolSize: 10, itemStyle: { color: '#dc2626' }, lineStyle: { width: 0 },
      });
    }
    return base;
  }, [ev, at, look]);
  return (
    <section className="panel" data-testid="curves">
      <h3 className="panel-title">{t('models.curves.title', { positive: String(ev.positive_class ?? '') })}</h3>
      <div className="curves-grid">
        <div>
          <div className="chart-caption muted">{t('models.curves.roc', { auc: formatStat(ev.metrics.roc_auc ?? null) })}</div>
          <EChart option={roc} height={240} testId="roc-chart" ariaLabel={t('models.curves.rocChart')} />
        </div>
        <div>
          <div className="chart-caption muted">{t('models.curves.pr', { ap: formatStat(ev.metrics.average_precision ?? null) })}</div>
          <EChart option={pr} height={240} testId="pr-chart" ariaLabel={t('models.curves.prChart')} />
        </div>
      </div>
      {at && (
        <p className="muted small" data-testid="curves-threshold">
          <span className="threshold-dot" aria-hidden="true" /> {t('models.curves.marker', { threshold: formatFixed(at.threshold, 2) })}
        </p>
      )}
    </section>
  );
}

function PerClass({ ev }: { ev: Evaluation }) {
  return (
    <section className="panel">
      <h3 className="panel-title">{t('models.perClass.title')}</h3>
      <table className="table compact" data-testid="per-class">
        <thead>
          <tr>
            <th>{t('models.perClass.class')}</th>
            <th className="num">{t('models.perClass.precision')}</th>
            <th className="num">{t('models.perClass.recall')}</th>
            <th className="num">{t('models.perClass.f1')}</th>
            <th className="num">{t('models.perClass.support')}</th>
          </tr>
        </thead>
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
  const look = useLook();
  const option = useMemo(() => horizontalBarsOption(JSON.parse(key) as typeof shown, { color: '#10b981' }), [key, look]);
  if (kinds.length === 0) return null;
  return (
    <section className="panel">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('models.importance.title')}</h3>
        {kinds.length > 1 && (
          <div className="segmented" role="group" aria-label={t('models.importance.kind')}>
            {kinds.map((k) => (
              <button key={k} type="button" aria-pressed={kind === k} className={kind === k ? 'on' : ''} onClick={() => setKind(k)}>{t(`models.importance.${k}`)}</button>
            ))}
          </div>
        )}
      </div>
      <p className="muted small">
        {kind === 'permutation'
          ? t('models.importance.permutationHint', { metric: metricLabel(fi.permutation?.metric ?? '') })
          : t('models.importance.gainHint')}
      </p>
      <EChart option={option} height={Math.max(120, shown.length * 24 + 16)} testId="importance-chart" ariaLabel={t('models.importance.chart')} />
    </section>
  );
}

function Residuals({ ev }: { ev: Evaluation }) {
  const look = useLook();
  const option = useMemo(
    () => histogramOption(ev.residual_histogram!.map((b) => ({ low: b.lower, high: b.upper, count: b.count }))),
    [ev, look],
  );
  return (
    <section className="panel" data-testid="residuals">
      <h3 className="panel-title">{t('models.residuals.title')}</h3>
      <EChart option={option} height={220} testId="residual-chart" ariaLabel={t('models.residuals.chart')} />
    </section>
  );
}

export function ModelDetail({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [thresholdIndex, setThresholdIndex] = useState<number | null>(null);
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
  const thresholdRows = model?.evaluation?.thresholds?.rows ?? [];
  const back = <a href="/models" onClick={linkHandler('/models')} className="back-link">{t('models.back')}</a>;
  if (isPending) return <div className="page">{back}<div className="panel muted pad">{t('common.loading')}</div></div>;
  if (error) return <div className="page">{back}<ErrorBox error={error} testId="model-error" /></div>;
  const ev = model.evaluation ?? null;
  const th: ThresholdState | null = thresholdRows.length > 0 && ev?.problem_type === 'binary'
    ? { rows: thresholdRows, index: Math.min(thresholdIndex ?? defaultThresholdIndex(thresholdRows), thresholdRows.length - 1), setIndex: setThresholdIndex }
    : null;
  const classification = ev ? ev.problem_type !== 'regression' : model.problem_type !== 'regression';

  return (
    <div className="page wide" data-testid="model-detail">
      {back}
      <header className="page-header detail-header">
        <div>
          <h1 data-testid="model-name">{model.name} <span className="version-pill">v{model.version}</span></h1>
          <div className="facts">
            <div className="fact"><div className="fact-label">{t('models.fact.predicts')}</div><div className="fact-value"><code>{model.target}</code> · {tOr(`common.problem.${model.problem_type}`, model.problem_type ?? '')}</div></div>
            {model.dataset && (
              <div className="fact"><div className="fact-label">{t('models.fact.trainedOn')}</div><div className="fact-value">
                <a href={`/datasets/${encodeURIComponent(model.dataset.id)}`} onClick={linkHandler(`/datasets/${encodeURIComponent(model.dataset.id)}`)}>
                  {t('common.versionOf', { name: model.dataset.name, version: model.dataset.version })}
                </a></div></div>
            )}
            <div className="fact"><div className="fact-label">{t('models.fact.rows')}</div><div className="fact-value">{t('models.fact.rowsValue', { train: formatCount(model.train_rows), test: formatCount(model.test_rows) })}</div></div>
            <div className="fact"><div className="fact-label">{t('models.fact.size')}</div><div className="fact-value">{formatBytes(model.bundle_bytes)}</div></div>
            <div className="fact"><div className="fact-label">{t('models.fact.created')}</div><div className="fact-value">{formatDate(model.created_at)}</div></div>
          </div>
          {model.manifest?.members && (
            <p className="muted small">
              {model.manifest.members.length > 1 ? t('models.ensembleOf', { count: formatCount(model.manifest.members.length) }) : ''}
              {learnerCounts(model.manifest.members.map((m) => m.learner))}
              {model.job_id && <> · <a href={`/build/${encodeURIComponent(model.job_id)}`} onClick={linkHandler(`/build/${encodeURIComponent(model.job_id)}`)}>{t('models.trainingRun')}</a></>}
            </p>
          )}
        </div>
        <div className="header-actions">
          <a className="btn" href={api.modelDownloadUrl(model.id)} download>{t('common.download')}</a>
          <button className="btn btn-danger-outline" onClick={() => setConfirming(true)}>{t('common.delete')}</button>
        </div>
      </header>

      <RegistryBar model={model} />
      <MetricCards model={model} ev={ev} />
      {!ev && <div className="panel muted pad">{t('models.noEvaluation')}</div>}

      <div className="model-grid">
        <div className="model-main">
          {ev && classification && ev.confusion_matrix && <ConfusionMatrix ev={ev} th={th} />}
          {ev && ev.roc_curve && ev.roc_curve.length > 0 && <Curves ev={ev} th={th} />}
          {ev && classification && ev.classes && <PerClass ev={ev} />}
          {ev && !classification && ev.residual_histogram && <Residuals ev={ev} />}
          {ev && <Importance ev={ev} />}
        </div>
        <aside className="model-side">
          <WhatIf model={model} />
        </aside>
      </div>
      <BatchPredict model={model} />

      <ConfirmDialog
        open={confirming}
        title={t('models.delete.title', { name: model.name, version: model.version })}
        body={<><p>{t('models.delete.body')}</p>{remove.error && <ErrorBox error={remove.error} />}</>}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => { setConfirming(false); remove.reset(); }}
      />
    </div>
  );
}
