// ECharts options shared by the Insights tab, the Build page and the Model page: horizontal bars,
// a labelled heatmap, and line charts. Pure functions of their arguments, the current locale (number
// formats) and the current theme (chartColors()): rebuild them when useLook() changes.
import type { EChartsCoreOption } from 'echarts/core';
import { formatStat } from '../lib/format';
import { chartColors } from '../lib/theme';

// Axis text in the current theme.
export function axisStyle(): { color: string; fontSize: number } {
  return { color: chartColors().axis, fontSize: 10 };
}
function gridLine() {
  return { lineStyle: { color: chartColors().grid } };
}
// The tooltip box in the current theme.
export function tooltipStyle() {
  const c = chartColors();
  return { backgroundColor: c.tooltipBg, borderColor: c.line, textStyle: { color: c.tooltipText } };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export interface BarItem {
  label: string;
  value: number;
  color?: string;
}

// Horizontal bars, the first item at the top; values labelled at the bar ends.
export function horizontalBarsOption(
  items: BarItem[],
  { color = '#6366f1', format = formatStat, max }: { color?: string; format?: (v: number) => string; max?: number } = {},
): EChartsCoreOption {
  const shown = [...items].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      ...tooltipStyle(),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: { dataIndex: number }[]) =>
        `${shown[p[0].dataIndex].label}<br/><b>${format(shown[p[0].dataIndex].value)}</b>`,
    },
    xAxis: { type: 'value', show: false, max },
    yAxis: {
      type: 'category',
      data: shown.map((i) => truncate(i.label, 24)),
      axisLabel: { ...axisStyle(), color: chartColors().label, fontSize: 11 },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((i) => ({ value: i.value, itemStyle: i.color ? { color: i.color } : undefined })),
        barMaxWidth: 16,
        itemStyle: { color, borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', ...axisStyle(), formatter: (p: { value: number }) => format(p.value) },
      },
    ],
  };
}

// A square heatmap of `matrix[row][col]` with labelled axes (rows top to bottom) and the value in
// each cell. `min`/`max` set the colour scale; `colors` runs from min to max.
export function heatmapOption(
  rows: string[],
  cols: string[],
  matrix: (number | null)[][],
  {
    min,
    max,
    colors,
    format = (v: number) => v.toFixed(2),
    xName,
    yName,
    tooltip,
  }: {
    min: number;
    max: number;
    colors: string[];
    format?: (v: number) => string;
    xName?: string;
    yName?: string;
    tooltip?: (row: number, col: number) => string;
  },
): EChartsCoreOption {
  const data: [number, number, number | null][] = [];
  matrix.forEach((r, i) => r.forEach((v, j) => data.push([j, i, v])));
  const showLabels = rows.length <= 12 && cols.length <= 12;
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: xName ? 36 : 8, containLabel: true },
    tooltip: {
      ...tooltipStyle(),
      formatter: (p: { data: [number, number, number | null] }) => {
        const [j, i, v] = p.data;
        if (tooltip) return tooltip(i, j);
        return `${rows[i]} × ${cols[j]}<br/><b>${v == null ? '—' : format(v)}</b>`;
      },
    },
    xAxis: {
      type: 'category',
      data: cols.map((c) => truncate(c, 14)),
      name: xName,
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { ...axisStyle(), fontWeight: 600 },
      axisLabel: { ...axisStyle(), color: chartColors().label, interval: 0, rotate: cols.length > 6 ? 35 : 0 },
      axisTick: { show: false },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: rows.map((r) => truncate(r, 16)),
      inverse: true,
      name: yName,
      nameLocation: 'middle',
      nameGap: 0,
      nameTextStyle: { color: 'transparent' },
      axisLabel: { ...axisStyle(), color: chartColors().label, interval: 0 },
      axisTick: { show: false },
    },
    visualMap: { show: false, min, max, inRange: { color: colors }, calculable: false },
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: showLabels,
          fontSize: 11,
          formatter: (p: { data: [number, number, number | null] }) => (p.data[2] == null ? '' : format(p.data[2])),
        },
        itemStyle: { borderColor: chartColors().surface, borderWidth: 2, borderRadius: 3 },
        emphasis: { itemStyle: { borderColor: chartColors().emphasis, borderWidth: 1 } },
      },
    ],
  };
}

export interface LineSeries {
  name: string;
  points: [number, number][];
  color?: string;
  step?: boolean;
  area?: boolean;
  dashed?: boolean;
}

// Line chart over numeric x and y axes.
export function lineOption(
  series: LineSeries[],
  {
    xName,
    yName,
    xMin,
    xMax,
    yMin,
    yMax,
    legend = series.length > 1,
  }: { xName?: string; yName?: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number; legend?: boolean } = {},
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: legend ? 28 : yName ? 24 : 10, bottom: xName ? 26 : 8, containLabel: true },
    legend: legend ? { top: 0, textStyle: axisStyle(), itemHeight: 8 } : undefined,
    tooltip: { ...tooltipStyle(), trigger: 'axis', valueFormatter: (v: number) => formatStat(v) },
    xAxis: {
      type: 'value',
      name: xName,
      nameLocation: 'middle',
      nameGap: 22,
      nameTextStyle: { ...axisStyle(), fontWeight: 600 },
      min: xMin,
      max: xMax,
      axisLabel: axisStyle(),
      splitLine: gridLine(),
    },
    yAxis: {
      type: 'value',
      name: yName,
      nameTextStyle: { ...axisStyle(), fontWeight: 600, align: 'left' },
      min: yMin,
      max: yMax,
      scale: yMin === undefined,
      axisLabel: axisStyle(),
      splitLine: gridLine(),
    },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.points,
      step: s.step ? 'end' : undefined,
      showSymbol: s.points.length < 30,
      symbolSize: 5,
      lineStyle: { width: 2, color: s.color, type: s.dashed ? 'dashed' : 'solid' },
      itemStyle: { color: s.color },
      areaStyle: s.area ? { opacity: 0.08 } : undefined,
    })),
  };
}
