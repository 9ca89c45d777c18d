// Live charts of an endpoint from GET /api/v1/endpoints/{name}/metrics?seconds=300, polled every
// 2 s: totals (invocations, 4xx, 5xx), invocations per second and latency (p50 / p99 of model and
// overhead, µs) per variant. Charts keep fixed heights and a fixed 5-minute x axis, and the last
// answer stays on screen while the next loads, so nothing jumps while data streams in.
import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { deployApi } from '../../api/deploy';
import { EChart } from '../../components/EChart';
import { ErrorBox } from '../../components/ErrorBox';
import { lineOption } from '../../components/chartOptions';
import { formatNumber, t } from '../../i18n';
import { metricsCharts, type ChartSeries, type EndpointMetrics } from '../../lib/endpoints';

const WINDOW_SECONDS = 300;
const CHART_HEIGHT = 200;

function emptyMetrics(endpoint: string): EndpointMetrics {
  const now = Math.floor(Date.now() / 1000);
  return { endpoint, interval_seconds: 1, from: now - WINDOW_SECONDS, to: now, variants: [] };
}

// "-2:30" style labels for seconds before now; "now" at 0.
function ago(seconds: number, now: string): string {
  if (seconds >= 0) return now;
  const s = Math.round(-seconds);
  return `-${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function chartOption(series: ChartSeries[], xMin: number, yName: string, now: string, legend: boolean): EChartsCoreOption {
  const option = lineOption(
    series.map((s) => ({ ...s })),
    { xMin, xMax: 0, yMin: 0, yName, legend },
  ) as { xAxis: Record<string, unknown>; yAxis: Record<string, unknown>; series: Record<string, unknown>[]; tooltip: Record<string, unknown> };
  option.xAxis = {
    ...option.xAxis,
    interval: 60,
    axisLabel: { ...(option.xAxis.axisLabel as object), formatter: (v: number) => ago(v, now) },
  };
  option.yAxis = { ...option.yAxis, minInterval: 1 };
  option.tooltip = {
    ...option.tooltip,
    axisPointer: { type: 'line' },
    formatter: (items: { seriesName: string; value: [number, number]; color: string }[]) => {
      if (!items.length) return '';
      const head = ago(items[0].value[0], now);
      return [head, ...items.map((i) => `<span style="color:${i.color}">●</span> ${i.seriesName}: <b>${formatNumber(i.value[1], { maximumFractionDigits: 1 })}</b>`)].join('<br/>');
    },
  };
  return option;
}

export function LiveCharts({ endpoint }: { endpoint: string }) {
  const { data, error, dataUpdatedAt } = useQuery({
    queryKey: ['endpoint-metrics', endpoint],
    queryFn: () => deployApi.metrics(endpoint, WINDOW_SECONDS),
    refetchInterval: 2000,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const empty = useMemo(() => emptyMetrics(endpoint), [endpoint]);
  const metrics = data ?? empty;
  const now = t('endpoints.live.now');
  const labels = { model: t('endpoints.live.model'), overhead: t('endpoints.live.overhead') };
  const charts = useMemo(() => metricsCharts(metrics, labels), [metrics, labels.model, labels.overhead]);
  const multi = metrics.variants.length > 1;
  const invocationsOption = useMemo(
    () => chartOption(charts.invocations, -WINDOW_SECONDS, t('endpoints.live.perSecond'), now, multi),
    [charts, now, multi],
  );
  const latencyOption = useMemo(
    () => chartOption(charts.latency, -WINDOW_SECONDS, t('endpoints.live.micros'), now, true),
    [charts, now],
  );
  const sum = (k: 'invocations' | 'errors_4xx' | 'errors_5xx') => charts.totals.reduce((a, v) => a + v[k], 0);

  return (
    <section className="panel ep-section" data-testid="live-charts">
      <div className="panel-title-row">
        <h3 className="panel-title">{t('endpoints.live.title')}</h3>
        <span className="live-status" data-testid="live-updated">
          {dataUpdatedAt ? t('endpoints.live.updated', { time: new Date(dataUpdatedAt).toLocaleTimeString() }) : '\u00a0'}
        </span>
      </div>
      <div className="live-totals">
        <div className="live-total">
          <div className="metric-name">{t('endpoints.live.invocations')}</div>
          <div className="metric-value" data-testid="live-invocations">{formatNumber(sum('invocations'))}</div>
        </div>
        <div className="live-total">
          <div className="metric-name">{t('endpoints.live.errors4xx')}</div>
          <div className="metric-value" data-testid="live-4xx">{formatNumber(sum('errors_4xx'))}</div>
        </div>
        <div className="live-total">
          <div className="metric-name">{t('endpoints.live.errors5xx')}</div>
          <div className="metric-value" data-testid="live-5xx">{formatNumber(sum('errors_5xx'))}</div>
        </div>
        <div className="live-total">
          <div className="metric-name">{t('endpoints.live.peak')}</div>
          <div className="metric-value">{formatNumber(charts.peakPerSecond, { maximumFractionDigits: 1 })}</div>
        </div>
      </div>
      <div className="live-charts">
        <div>
          <div className="chart-caption muted">{t('endpoints.live.invocationsChart')}</div>
          <EChart option={invocationsOption} height={CHART_HEIGHT} testId="live-invocations-chart" ariaLabel={t('endpoints.live.invocationsChart')} />
        </div>
        <div>
          <div className="chart-caption muted">{t('endpoints.live.latencyChart')}</div>
          <EChart option={latencyOption} height={CHART_HEIGHT} testId="live-latency-chart" ariaLabel={t('endpoints.live.latencyChart')} />
        </div>
      </div>
      <p className="muted small">{t('endpoints.live.note')}</p>
      {error && <ErrorBox error={error} testId="live-error" />}
    </section>
  );
}
