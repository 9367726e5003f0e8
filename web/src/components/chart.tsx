import { useEffect, useRef } from 'react';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent, AriaComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the UI draws: line, bar and pie charts, rendered as SVG (crisp in screenshots and print).
echarts.use([BarChart, LineChart, PieChart, DatasetComponent, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** The palette of the UI: the government red first, then a restrained blue and neutrals. */
export const PALETTE = ['#c8102e', '#1f5fa8', '#d98c1f', '#2e7d5b', '#6b4fa0', '#3d8fb5', '#8c5a3c', '#7a8494', '#b5446e'];

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

/**
 * One chart. The figure itself is drawn by echarts; its meaning is given to
 * screen readers by `label` and, where the page has one, the data table next to it.
 */
export function Chart({ option, label, height = 320, testId }: { option: ChartOption; label: string; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      { color: PALETTE, textStyle: { fontFamily: FONT }, aria: { enabled: true }, animationDuration: 300, ...option },
      { notMerge: true },
    );
  }, [option]);

  return <div ref={el} className="chart" role="img" aria-label={label} style={{ height }} data-testid={testId} />;
}
