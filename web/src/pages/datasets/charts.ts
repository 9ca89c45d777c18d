// ECharts options for the profile and quality charts, in the current locale and theme (rebuild
// them when useLook() changes).
import type { EChartsCoreOption } from 'echarts/core';
import type { Cell, HistogramBin, TopValue } from '../../api/types';
import { axisStyle, tooltipStyle } from '../../components/chartOptions';
import { t, tn } from '../../i18n';
import { formatPercent, formatStat } from '../../lib/format';
import { chartColors } from '../../lib/theme';

const ACCENT = '#6366f1';
const gridLine = () => ({ lineStyle: { color: chartColors().grid } });

const label = (v: Cell) => (v === null ? t('common.null') : String(v));

// `fmt` labels bin edges (dates arrive as numbers, see ProfileTab).
export function histogramOption(
  bins: HistogramBin[],
  fmt: (v: number) => string = formatStat,
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 8, bottom: 22 },
    tooltip: {
      ...tooltipStyle(),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const b = bins[items[0].dataIndex];
        return `${fmt(b.low)} – ${fmt(b.high)}<br/><b>${tn('datasets.chart.rowsInBin', b.count)}</b>`;
      },
    },
    xAxis: {
      type: 'category',
      data: bins.map((b) => fmt(b.low)),
      axisLabel: { ...axisStyle(), hideOverlap: true },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: chartColors().line } },
    },
    yAxis: { type: 'value', axisLabel: axisStyle(), splitLine: gridLine(), minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: bins.map((b) => b.count),
        barCategoryGap: '8%',
        itemStyle: { color: ACCENT, borderRadius: [2, 2, 0, 0] },
      },
    ],
  };
}

// Horizontal bars, largest at the top.
export function topValuesOption(values: TopValue[], color = '#0ea5e9'): EChartsCoreOption {
  const shown = values.slice(0, 8).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: { ...tooltipStyle(), trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: shown.map((v) => truncate(label(v.value), 18)),
      axisLabel: { ...axisStyle(), color: chartColors().label },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((v) => v.count),
        barMaxWidth: 16,
        itemStyle: { color, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', ...axisStyle() },
      },
    ],
  };
}

export function classBalanceOption(
  classes: { value: Cell; count: number; fraction: number }[],
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { ...tooltipStyle(), trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: classes.map((c) => truncate(label(c.value), 16)),
      axisLabel: { ...axisStyle(), color: chartColors().label, fontSize: 11, interval: 0 },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', axisLabel: axisStyle(), splitLine: gridLine(), minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: classes.map((c) => c.count),
        barMaxWidth: 56,
        itemStyle: { color: '#10b981', borderRadius: [3, 3, 0, 0] },
        label: {
          show: true,
          position: 'top',
          ...axisStyle(),
          formatter: (p: { dataIndex: number }) => formatPercent(classes[p.dataIndex].fraction),
        },
      },
    ],
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
