// ECharts options for the profile and quality charts.
import type { EChartsCoreOption } from 'echarts/core';
import type { Cell, HistogramBin, TopValue } from '../../api/types';
import { formatStat } from '../../lib/format';

const ACCENT = '#6366f1';
const AXIS = { color: '#6b7280', fontSize: 10 };
const GRID_LINE = { lineStyle: { color: '#eef0f4' } };

const label = (v: Cell) => (v === null ? 'null' : String(v));

// `fmt` labels bin edges (dates arrive as numbers, see ProfileTab).
export function histogramOption(
  bins: HistogramBin[],
  fmt: (v: number) => string = formatStat,
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 8, bottom: 22 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: { dataIndex: number }[]) => {
        const b = bins[items[0].dataIndex];
        return `${fmt(b.low)} – ${fmt(b.high)}<br/><b>${b.count.toLocaleString('en-US')}</b> rows`;
      },
    },
    xAxis: {
      type: 'category',
      data: bins.map((b) => fmt(b.low)),
      axisLabel: { ...AXIS, hideOverlap: true },
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#d1d5db' } },
    },
    yAxis: { type: 'value', axisLabel: AXIS, splitLine: GRID_LINE, minInterval: 1 },
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
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: shown.map((v) => truncate(label(v.value), 18)),
      axisLabel: { ...AXIS, color: '#374151' },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((v) => v.count),
        barMaxWidth: 16,
        itemStyle: { color, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', ...AXIS },
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
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: classes.map((c) => truncate(label(c.value), 16)),
      axisLabel: { ...AXIS, color: '#374151', fontSize: 11, interval: 0 },
      axisTick: { show: false },
    },
    yAxis: { type: 'value', axisLabel: AXIS, splitLine: GRID_LINE, minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: classes.map((c) => c.count),
        barMaxWidth: 56,
        itemStyle: { color: '#10b981', borderRadius: [3, 3, 0, 0] },
        label: {
          show: true,
          position: 'top',
          ...AXIS,
          formatter: (p: { dataIndex: number }) =>
            `${(classes[p.dataIndex].fraction * 100).toFixed(1)}%`,
        },
      },
    ],
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
