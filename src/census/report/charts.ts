/**
 * The HTML report's charts, rendered on the server as SVG by ECharts (no
 * script in the page). Rendered last, from the finished report: a chart
 * never computes a figure.
 */
import type { EChartsOption } from 'echarts';
import { LEVELS, ORGAN_KINDS, RANKS } from '../../domain/taxonomy.js';
import type { CensusReport } from '../aggregate.js';
import { KIND_NAMES, LEVEL_NAMES, ORGAN_NAMES, RANK_NAMES, count, provinceName, type Bilingual } from './names.js';

/** One rendered chart. */
export interface Chart {
  id: string;
  title: Bilingual;
  svg: string;
}

// Unquoted: ECharts writes the family into a style attribute, where quotes would end it.
export const CHART_FONT = 'Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif';
const INSTITUTIONAL_COLOUR = '#c23531';
const INDIVIDUAL_COLOUR = '#2f4554';

const both = (n: Bilingual): string => `${n.zh} ${n.en}`;
const inst = both(KIND_NAMES.institutional);
const ind = both(KIND_NAMES.individual);

interface Spec {
  id: string;
  title: Bilingual;
  width: number;
  height: number;
  option: EChartsOption;
}

function kindBars(categories: string[], institutional: number[], individual: number[], opts: { stack?: boolean; horizontal?: boolean; rotate?: number } = {}): EChartsOption {
  const category = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: opts.rotate ?? 0 } };
  const value = { type: 'value' as const };
  const series = (name: string, data: number[], color: string) => ({
    name,
    type: 'bar' as const,
    data,
    itemStyle: { color },
    ...(opts.stack ? { stack: 'kind' } : {}),
    label: { show: !opts.stack, position: (opts.horizontal ? 'right' : 'top') as 'right' | 'top' },
  });
  return {
    legend: { top: 0 },
    grid: { left: opts.horizontal ? 170 : 60, right: 40, top: 40, bottom: opts.rotate ? 90 : 40 },
    xAxis: opts.horizontal ? value : category,
    yAxis: opts.horizontal ? { ...category, inverse: true } : value,
    series: [series(inst, institutional, INSTITUTIONAL_COLOUR), series(ind, individual, INDIVIDUAL_COLOUR)],
  };
}

function specs(r: CensusReport): Spec[] {
  const out: Spec[] = [];
  const years = r.previous ? [r.previous, { cutoff: r.cutoff, institutional: r.institutional.total, individual: r.individual.total }] : [{ cutoff: r.cutoff, institutional: r.institutional.total, individual: r.individual.total }];
  const totals = kindBars(
    years.map((y) => y.cutoff),
    years.map((y) => y.institutional),
    years.map((y) => y.individual),
    { stack: true },
  );
  // The stacked bars carry their sum on top, as the press charts do.
  (totals.series as object[]).push({
    name: '合计 Total',
    type: 'bar',
    stack: 'kind',
    data: years.map(() => 0),
    itemStyle: { color: 'transparent' },
    label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => count(years[p.dataIndex]!.institutional + years[p.dataIndex]!.individual) },
  });
  totals.legend = { top: 0, data: [inst, ind] };
  out.push({ id: 'chart-totals', title: { zh: '政务微博总数', en: 'Government accounts, both censuses' }, width: 640, height: 380, option: totals });

  out.push({
    id: 'chart-kinds',
    title: { zh: '机构与个人', en: 'Institutional and officials' },
    width: 640,
    height: 380,
    option: {
      legend: { top: 0 },
      series: [
        {
          type: 'pie',
          radius: ['30%', '60%'],
          center: ['50%', '55%'],
          label: { formatter: '{b}\n{c} ({d}%)' },
          data: [
            { name: inst, value: r.institutional.total, itemStyle: { color: INSTITUTIONAL_COLOUR } },
            { name: ind, value: r.individual.total, itemStyle: { color: INDIVIDUAL_COLOUR } },
          ],
        },
      ],
    },
  });

  out.push({
    id: 'chart-organs',
    title: { zh: '按机构类别', en: 'By organ' },
    width: 900,
    height: 460,
    option: kindBars(
      ORGAN_KINDS.map((o) => both(ORGAN_NAMES[o])),
      ORGAN_KINDS.map((o) => r.institutional.by_organ[o]),
      ORGAN_KINDS.map((o) => r.individual.by_organ[o]),
      { horizontal: true },
    ),
  });

  out.push({
    id: 'chart-levels',
    title: { zh: '按行政级别', en: 'By level' },
    width: 900,
    height: 400,
    option: kindBars(
      LEVELS.map((l) => both(LEVEL_NAMES[l])),
      LEVELS.map((l) => r.institutional.by_level[l]),
      LEVELS.map((l) => r.individual.by_level[l]),
    ),
  });

  out.push({
    id: 'chart-ranks',
    title: { zh: '公职人员按职级', en: "Officials' accounts by rank" },
    width: 900,
    height: 400,
    option: {
      grid: { left: 60, right: 40, top: 30, bottom: 40 },
      xAxis: { type: 'category', data: RANKS.map((k) => both(RANK_NAMES[k])), axisLabel: { interval: 0 } },
      yAxis: { type: 'value' },
      series: [{ name: ind, type: 'bar', data: RANKS.map((k) => r.individual.by_rank[k]), itemStyle: { color: INDIVIDUAL_COLOUR }, label: { show: true, position: 'top' } }],
    },
  });

  const providers = Object.entries(r.by_provider);
  out.push({
    id: 'chart-providers',
    title: { zh: '按服务商', en: 'By provider' },
    width: 900,
    height: Math.max(260, 90 + providers.length * 44),
    option: kindBars(
      providers.map(([p]) => p),
      providers.map(([, t]) => t.institutional),
      providers.map(([, t]) => t.individual),
      { horizontal: true, stack: true },
    ),
  });

  const provinces = Object.entries(r.by_province).sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  out.push({
    id: 'chart-provinces',
    title: { zh: '按省份（不含中央机构）', en: 'By province (national organs excluded)' },
    width: 1100,
    height: 460,
    option: kindBars(
      provinces.map(([code]) => both(provinceName(code))),
      provinces.map(([, t]) => t.institutional),
      provinces.map(([, t]) => t.individual),
      { stack: true, rotate: 60 },
    ),
  });

  out.push({
    id: 'chart-police',
    title: { zh: '公安系统占比', en: 'Share of the police system' },
    width: 640,
    height: 360,
    option: {
      legend: { top: 0 },
      grid: { left: 60, right: 40, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: [inst, ind] },
      yAxis: { type: 'value' },
      series: [
        { name: '公安系统 Police', type: 'bar', stack: 'ps', data: [r.institutional.public_security, r.individual.public_security], itemStyle: { color: '#1f4e9c' } },
        {
          name: '其他 Other',
          type: 'bar',
          stack: 'ps',
          data: [r.institutional.total - r.institutional.public_security, r.individual.total - r.individual.public_security],
          itemStyle: { color: '#b8c4d6' },
        },
      ],
    },
  });
  return out;
}

/** Every chart of the report as an SVG string. */
export async function renderCharts(r: CensusReport): Promise<Chart[]> {
  // Loaded only for --format html: ECharts takes a third of a second to import.
  const echarts = await import('echarts');
  return specs(r).map((s) => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: s.width, height: s.height });
    try {
      chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT, fontSize: 12 }, ...s.option });
      return { id: s.id, title: s.title, svg: chart.renderToSVGString() };
    } finally {
      chart.dispose();
    }
  });
}
