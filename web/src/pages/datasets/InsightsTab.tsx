// The Insights tab: GET /api/v1/datasets/{id}/insights[?target=]. Warnings by severity, then,
// with a target: each feature's prediction power, possible leaks, and a quick model against its
// baseline; and the correlation heatmap of the numeric columns.
import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Correlations, Dataset, FeatureTarget, InsightsReport, QuickModel, Severity } from '../../api/types';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { heatmapOption, horizontalBarsOption } from '../../components/chartOptions';
import { t, tOr } from '../../i18n';
import { metricLabel } from '../../lib/build';
import { formatCount, formatFixed, formatPercent, formatStat } from '../../lib/format';
import { chartColors, useLook } from '../../lib/theme';

const SEVERITIES: Severity[] = ['high', 'medium', 'low'];

function Warnings({ report }: { report: InsightsReport }) {
  const [shown, setShown] = useState<Set<Severity>>(new Set(SEVERITIES));
  const counts = Object.fromEntries(
    SEVERITIES.map((s) => [s, report.warnings.filter((w) => w.severity === s).length]),
  ) as Record<Severity, number>;
  const list = report.warnings.filter((w) => shown.has(w.severity));
  return (
    <section className="panel">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('datasets.insights.warnings')}</h3>
        <div className="severity-filter" role="group" aria-label={t('datasets.insights.filter')}>
          {SEVERITIES.map((s) => (
            <button key={s} type="button" aria-pressed={shown.has(s)}
              className={`sev-toggle sev-${s}${shown.has(s) ? ' on' : ''}`}
              onClick={() => setShown((cur) => {
                const next = new Set(cur);
                if (next.has(s)) next.delete(s); else next.add(s);
                return next;
              })}
              data-testid={`severity-${s}`}>
              {t(`datasets.severity.${s}`)} <span className="sev-count">{formatCount(counts[s])}</span>
            </button>
          ))}
        </div>
      </div>
      {report.warnings.length === 0 ? (
        <div className="notice success">{t('datasets.insights.noWarnings')}</div>
      ) : list.length === 0 ? (
        <p className="muted">{t('datasets.insights.noneShown')}</p>
      ) : (
        <ul className="warnings" data-testid="insight-warnings">
          {list.map((w, i) => (
            <li key={i} className={`warning sev-${w.severity}`} data-testid="insight-warning" data-severity={w.severity}>
              <span className={`sev-dot sev-${w.severity}`} title={t('datasets.insights.severityLabel', { severity: t(`datasets.severity.${w.severity}`) })}
                role="img" aria-label={t('datasets.insights.severityLabel', { severity: t(`datasets.severity.${w.severity}`) })} />
              <span className="warning-kind">{tOr(`datasets.warning.${w.kind}`, w.kind.replace(/_/g, ' '))}</span>
              {w.column && <code>{w.column}</code>}
              <span>{w.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function powerOf(f: FeatureTarget): number | null {
  return f.prediction_power?.value ?? null;
}

function FeaturePower({ report }: { report: InsightsReport }) {
  const leaks = new Set((report.leakage ?? []).map((l) => l.column));
  const features = (report.feature_target ?? []).filter((f) => !f.skipped && powerOf(f) != null);
  const skipped = (report.feature_target ?? []).filter((f) => f.skipped);
  const metric = features[0]?.prediction_power?.metric ?? '';
  const look = useLook();
  const option = useMemo(
    () =>
      horizontalBarsOption(
        features.slice(0, 25).map((f) => ({
          label: f.column,
          value: powerOf(f)!,
          color: leaks.has(f.column) ? '#dc2626' : undefined,
        })),
        { color: '#6366f1', format: (v) => formatFixed(v, 3) },
      ),
    [report, look],
  );
  if (features.length === 0) return <p className="muted">{t('datasets.insights.noFeature')}</p>;
  return (
    <div data-testid="feature-power">
      <p className="muted small">
        {t('datasets.insights.powerHint', { metric: metricLabel(metric) })}{' '}
        <span className="leak-text">{t('datasets.insights.red')}</span> {t('datasets.insights.redBars')}
      </p>
      <EChart option={option} height={Math.max(120, Math.min(25, features.length) * 24 + 16)}
        testId="feature-power-chart" ariaLabel={t('datasets.insights.powerChart')} />
      <table className="table compact assoc-table">
        <thead>
          <tr>
            <th>{t('datasets.insights.col.column')}</th>
            <th className="num">{t('datasets.insights.col.power')}</th>
            <th className="num">{t('datasets.insights.col.mi')}</th>
            <th className="num">{t('datasets.insights.col.pearson')}</th>
            <th className="num" title={t('datasets.insights.col.corrRatioTitle')}>{t('datasets.insights.col.corrRatio')}</th>
            <th className="num">{t('datasets.insights.col.cramers')}</th>
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.column} data-testid="feature-row" className={leaks.has(f.column) ? 'leak' : undefined}>
              <td><code>{f.column}</code></td>
              <td className="num">{formatStat(powerOf(f))}</td>
              <td className="num">{formatStat(f.normalized_mutual_information ?? null)}</td>
              <td className="num">{formatStat(f.pearson ?? null)}</td>
              <td className="num">{formatStat(f.correlation_ratio ?? null)}</td>
              <td className="num">{formatStat(f.cramers_v ?? null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skipped.length > 0 && (
        <p className="muted small">{t('datasets.insights.notScored', { list: skipped.map((f) => `${f.column} (${f.skipped})`).join(', ') })}</p>
      )}
    </div>
  );
}

function QuickModelCard({ model }: { model: QuickModel }) {
  if (model.status !== 'ok') {
    return <p className="muted" data-testid="quick-model">{t('datasets.insights.quickSkipped', { reason: model.reason ?? t('datasets.insights.noReason') })}</p>;
  }
  const value = model.value ?? null;
  const baseline = model.baseline ?? null;
  const lift = value != null && baseline != null ? value - baseline : null;
  const scale = Math.max(1, Math.abs(value ?? 0), Math.abs(baseline ?? 0));
  const bar = (v: number | null) => `${Math.max(0, Math.min(100, ((v ?? 0) / scale) * 100))}%`;
  return (
    <div className="quick-model" data-testid="quick-model">
      <div className="qm-bars">
        <div className="qm-row">
          <span className="qm-label">{t('datasets.insights.quickModel')}</span>
          <div className="qm-track"><div className="qm-fill model" style={{ width: bar(value) }} /></div>
          <strong className="qm-value" data-testid="quick-model-score">{formatStat(value)}</strong>
        </div>
        <div className="qm-row">
          <span className="qm-label">{t('datasets.insights.baseline')}</span>
          <div className="qm-track"><div className="qm-fill base" style={{ width: bar(baseline) }} /></div>
          <span className="qm-value" data-testid="quick-model-baseline">{formatStat(baseline)}</span>
        </div>
      </div>
      <p className="small muted">
        {t('datasets.insights.quickMeta', {
          metric: metricLabel(model.metric ?? ''),
          rows: formatCount(model.test_rows),
          algorithm: model.algorithm ?? '',
          baseline: model.baseline_name ?? '',
        })}
        {lift != null && (
          <> · <span className={lift > 0 ? 'good-text' : 'warn-text'}>{lift >= 0 ? '+' : ''}{formatStat(lift)}</span></>
        )}
      </p>
      {model.excluded_columns && model.excluded_columns.length > 0 && (
        <p className="small muted">{t('datasets.insights.leftOut', { list: model.excluded_columns.map((e) => `${e.column} (${e.reason})`).join(', ') })}</p>
      )}
    </div>
  );
}

// Blue for negative, white at 0, red for positive correlation.
function CorrelationHeatmap({ corr }: { corr: Correlations }) {
  const look = useLook();
  const option = useMemo(
    () => heatmapOption(corr.columns, corr.columns, corr.matrix, {
      min: -1, max: 1, colors: ['#2563eb', chartColors().heatLow, '#dc2626'], format: (v) => formatFixed(v, 2),
    }),
    [corr, look],
  );
  const size = Math.max(220, Math.min(560, corr.columns.length * 44 + 80));
  return (
    <div data-testid="correlations">
      <EChart option={option} height={size} testId="correlation-heatmap" ariaLabel={t('datasets.insights.heatmap')} />
      {corr.redundant_pairs && corr.redundant_pairs.length > 0 && (
        <p className="small muted">
          {t('datasets.insights.redundant', { list: corr.redundant_pairs.map((p) => `${p.a} ~ ${p.b} (${formatFixed(p.pearson, 2)})`).join(', ') })}
        </p>
      )}
    </div>
  );
}

export default function InsightsTab({ dataset }: { dataset: Dataset }) {
  const [target, setTarget] = useState('');
  const q = useQuery({
    queryKey: ['insights', dataset.id, target],
    queryFn: () => api.insights(dataset.id, target || undefined),
    staleTime: Infinity,
    placeholderData: (prev) => prev,
  });
  const report = q.data;
  const corr = report?.correlations;
  const hasCorr = !!corr && Array.isArray(corr.columns) && corr.columns.length >= 2;

  return (
    <div className="insights" data-testid="insights">
      <section className="panel">
        <div className="panel-title-row">
          <h3 className="panel-title">{t('datasets.insights.whatToPredict')}</h3>
          <label className="field inline">
            <span>{t('datasets.insights.targetColumn')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="insights-target">
              <option value="">{t('datasets.insights.noTarget')}</option>
              {dataset.columns.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
            </select>
          </label>
        </div>
        {q.isFetching && <p className="muted" data-testid="insights-loading">{target ? t('datasets.insights.analysingAgainst', { target }) : t('datasets.insights.analysing')}</p>}
        {q.error && <ErrorBox error={q.error} testId="insights-error" />}
        {report?.target && (
          <p data-testid="insights-problem">
            <code>{report.target.name}</code> →{' '}
            <strong>{tOr(`common.problem.${report.target.problem_type}`, report.target.problem_type)}</strong>
            <span className="muted"> ({report.target.problem_type_source ?? t('datasets.insights.detected')})</span>
          </p>
        )}
        {report?.sampling?.sampled && (
          <p className="muted small">
            {t('datasets.insights.sampled', { used: formatCount(report.sampling.rows_used), total: formatCount(report.sampling.rows_total) })}
          </p>
        )}
        {!target && <p className="muted">{t('datasets.insights.pickTarget')}</p>}
        {report && (
          <div className="facts">
            <div className="fact"><div className="fact-label">{t('datasets.insights.rows')}</div><div className="fact-value">{formatCount(report.summary.rows)}</div></div>
            <div className="fact"><div className="fact-label">{t('datasets.insights.missingCells')}</div><div className="fact-value">{formatPercent(report.summary.missing_cells_fraction)}</div></div>
            <div className="fact"><div className="fact-label">{t('datasets.insights.duplicateRows')}</div><div className="fact-value">{formatCount(report.summary.duplicate_rows)}</div></div>
          </div>
        )}
      </section>

      {!report && q.isPending && <div className="panel muted pad">{t('datasets.insights.computing')}</div>}
      {report && <Warnings report={report} />}

      {report?.target && (
        <div className="insights-grid">
          <section className="panel">
            <h3 className="panel-title">{t('datasets.insights.featurePower')}</h3>
            <FeaturePower report={report} />
          </section>
          <section className="panel">
            <h3 className="panel-title">{t('datasets.insights.quickVsBaseline')}</h3>
            {report.quick_model ? <QuickModelCard model={report.quick_model} /> : <p className="muted">{t('datasets.insights.noQuickModel')}</p>}
          </section>
        </div>
      )}

      {report && (
        <section className="panel">
          <h3 className="panel-title">
            {corr?.method ? t('datasets.insights.correlationsMethod', { method: corr.method }) : t('datasets.insights.correlations')}
          </h3>
          {hasCorr ? <CorrelationHeatmap corr={corr!} /> : <p className="muted">{t('datasets.insights.nothingToCorrelate')}</p>}
        </section>
      )}
    </div>
  );
}
