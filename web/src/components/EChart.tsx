// A React wrapper around an ECharts instance, built from echarts/core modules only (bar, line and
// heatmap charts; grid, tooltip, legend, visual map, mark line; canvas renderer) to keep the bundle
// small. Only lazily loaded pages and tabs import it.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  testId?: string;
  onClick?: (params: { dataIndex: number; data: unknown; seriesIndex?: number }) => void;
  ariaLabel?: string;
}

export function EChart({ option, height, testId, onClick, ariaLabel }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return undefined;
    const instance = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return undefined;
    c.on('click', onClick as never);
    return () => {
      c.off('click');
    };
  }, [onClick]);

  return (
    <div ref={el} className="echart" style={{ height }} data-testid={testId}
      role={ariaLabel ? 'img' : undefined} aria-label={ariaLabel} />
  );
}
