/**
 * The report's breakdowns as tables, one model for the Markdown, HTML and CSV
 * renderers: each column has a machine key (CSV header), Chinese and English
 * headings, and a type that says how to print its cells.
 */
import { LEVELS, ORGAN_KINDS, RANKS } from '../../domain/taxonomy.js';
import type { CensusReport, Tally } from '../aggregate.js';
import type { RankedAccount } from '../ranking.js';
import type { ServiceFigures } from '../service.js';
import { SERVICE_BREAKDOWNS, SERVICE_LABELS, TREND_LABELS, TREND_TOTALS } from './labels.js';
import { KIND_NAMES, LEVEL_NAMES, ORGAN_NAMES, RANK_NAMES, providerName, provinceName, share, type Bilingual } from './names.js';

export type Cell = string | number | boolean | null;

export interface Column extends Bilingual {
  key: string;
  /** text: as is; count: an integer with separators; percent: a share ×100; decimal: a number with separators and its decimals. */
  type: 'text' | 'count' | 'percent' | 'decimal';
}

export interface Table {
  /** File name in CSV (without .csv), anchor in HTML. */
  id: string;
  title: Bilingual;
  columns: Column[];
  rows: Cell[][];
  /** The part of the Markdown and HTML report the table is printed in: its own section, else the tables. */
  section?: 'service' | 'trend';
}

const col = (key: string, zh: string, en: string, type: Column['type'] = 'text'): Column => ({ key, zh, en, type });
const COUNT = col('accounts', '数量', 'Accounts', 'count');
const SHARE = col('share_percent', '占比', 'Share', 'percent');

function breakdown<K extends string>(
  id: string,
  title: Bilingual,
  keyColumn: Column,
  keys: readonly K[],
  names: Record<K, Bilingual>,
  counts: Record<K, number>,
  whole: number,
): Table {
  return {
    id,
    title,
    columns: [keyColumn, col('zh', '名称', 'Name (zh)'), col('en', '英文', 'Name (en)'), COUNT, SHARE],
    rows: keys.map((k) => [k, names[k].zh, names[k].en, counts[k], share(counts[k], whole)]),
  };
}

function tallyTable(id: string, title: Bilingual, keyColumn: Column, entries: [string, Bilingual | null, Tally][], total: number): Table {
  return {
    id,
    title,
    columns: [
      keyColumn,
      ...(entries.some(([, n]) => n) ? [col('zh', '名称', 'Name (zh)'), col('en', '英文', 'Name (en)')] : []),
      col('total', '合计', 'Total', 'count'),
      col('institutional', '机构', 'Institutional', 'count'),
      col('individual', '个人', 'Officials', 'count'),
      col('share_percent', '占总数', 'Share of all', 'percent'),
    ],
    rows: entries.map(([key, names, t]) => [key, ...(names ? [names.zh, names.en] : []), t.total, t.institutional, t.individual, share(t.total, total)]),
  };
}

function rankingTable(id: string, title: Bilingual, accounts: RankedAccount[]): Table {
  return {
    id,
    title,
    columns: [
      col('place', '名次', 'Place', 'count'),
      col('name', '名称', 'Name'),
      col('provider', '服务商', 'Provider'),
      col('provider_name', '服务商名称', 'Provider name'),
      col('id', '账号ID', 'Id'),
      col('handle', '用户名', 'Handle'),
      col('verification', '认证信息', 'Verification'),
      col('organ', '机构类别', 'Organ'),
      col('level', '级别', 'Level'),
      col('province', '省份', 'Province'),
      col('followers', '粉丝数', 'Followers', 'count'),
      col('posts', '微博数', 'Posts', 'count'),
      col('reach', '传播力', 'Reach', 'decimal'),
      col('activity', '活跃度', 'Activity', 'decimal'),
      col('service', '服务力', 'Service', 'decimal'),
      col('index', '综合指数', 'Index', 'decimal'),
    ],
    rows: accounts.map((a) => [
      a.place,
      a.name,
      a.provider,
      providerName(a.provider)?.zh ?? null,
      a.id,
      a.handle,
      a.verification,
      a.organ,
      a.level,
      a.province,
      a.followers,
      a.posts,
      a.reach,
      a.activity,
      a.service,
      a.index,
    ]),
  };
}

const serviceColumns = (keyColumn: Column): Column[] => [
  keyColumn,
  col('zh', '名称', 'Name (zh)'),
  col('en', '英文', 'Name (en)'),
  col('accounts', SERVICE_LABELS.accounts.zh, SERVICE_LABELS.accounts.en, 'count'),
  col('requests', SERVICE_LABELS.requests.zh, SERVICE_LABELS.requests.en, 'count'),
  col('answered', SERVICE_LABELS.answered.zh, SERVICE_LABELS.answered.en, 'count'),
  col('response_rate_percent', SERVICE_LABELS.response_rate.zh, SERVICE_LABELS.response_rate.en, 'percent'),
  col('hours_to_first_response', SERVICE_LABELS.hours_to_first_response.zh, SERVICE_LABELS.hours_to_first_response.en, 'decimal'),
  col('average_rating', SERVICE_LABELS.average_rating.zh, SERVICE_LABELS.average_rating.en, 'decimal'),
  col('ratings', SERVICE_LABELS.ratings.zh, SERVICE_LABELS.ratings.en, 'count'),
];

const serviceRow = (key: string, names: Bilingual, f: ServiceFigures): Cell[] => [
  key,
  names.zh,
  names.en,
  f.accounts,
  f.requests,
  f.answered,
  f.response_rate === null ? null : Math.round(f.response_rate * 10000) / 100,
  f.hours_to_first_response,
  f.average_rating,
  f.ratings,
];

/** The service quality's tables: by kind (and all), by organ kind, by province (national organs first). */
export function serviceTables(r: CensusReport): Table[] {
  const s = r.service_quality;
  return [
    {
      id: 'service_by_kind',
      title: SERVICE_BREAKDOWNS.by_kind,
      section: 'service',
      columns: serviceColumns(col('kind', '类别', 'Kind')),
      rows: [...(['institutional', 'individual'] as const).map((k) => serviceRow(k, KIND_NAMES[k], s.by_kind[k])), serviceRow('total', SERVICE_BREAKDOWNS.total, s.total)],
    },
    {
      id: 'service_by_organ',
      title: SERVICE_BREAKDOWNS.by_organ,
      section: 'service',
      columns: serviceColumns(col('organ', '机构类别', 'Organ')),
      rows: ORGAN_KINDS.map((o) => serviceRow(o, ORGAN_NAMES[o], s.by_organ[o])),
    },
    {
      id: 'service_by_province',
      title: SERVICE_BREAKDOWNS.by_province,
      section: 'service',
      columns: serviceColumns(col('province', '省份代码', 'Code')),
      rows: [serviceRow('national', SERVICE_BREAKDOWNS.national, s.national), ...Object.entries(s.by_province).map(([code, f]) => serviceRow(code, provinceName(code), f))],
    },
  ];
}

/** Whether the md and html reports show the trend: a second date at least (html's line chart wants a third). */
export const showsTrend = (r: CensusReport): boolean => r.trend.length >= 2;
/** Whether the service quality has figures to show (else the report says that none are). */
export const hasService = (r: CensusReport): boolean => r.service_quality.total.accounts > 0;

/** The totals at every census date, with the increase on the date before. */
export function trendTable(r: CensusReport): Table {
  return {
    id: 'trend',
    title: TREND_TOTALS,
    section: 'trend',
    columns: [
      col('cutoff', TREND_LABELS.cutoff.zh, TREND_LABELS.cutoff.en),
      col('total', TREND_LABELS.total.zh, TREND_LABELS.total.en, 'count'),
      col('institutional', TREND_LABELS.institutional.zh, TREND_LABELS.institutional.en, 'count'),
      col('individual', TREND_LABELS.individual.zh, TREND_LABELS.individual.en, 'count'),
      col('increase_percent', TREND_LABELS.increase.zh, TREND_LABELS.increase.en, 'percent'),
    ],
    rows: r.trend.map((p, i) => {
      const before = i > 0 ? r.trend[i - 1]!.total : 0;
      return [p.cutoff, p.total, p.institutional, p.individual, before > 0 ? Math.round((p.total / before - 1) * 10000) / 100 : null];
    }),
  };
}

/** The summary figures as a two-column table. */
export function summaryTable(r: CensusReport): Table {
  const rows: Cell[][] = [
    ['cutoff', '截止日期', 'Cut-off', r.cutoff],
    ['total', '政务微博总数', 'Government accounts', r.total],
    ['institutional', '机构微博', 'Institutional accounts', r.institutional.total],
    ['individual', '公职人员微博', "Officials' accounts", r.individual.total],
    ['public_security', '公安系统微博', 'Police accounts', r.public_security],
    ['institutional_public_security', '公安系统机构微博', 'Police institutional', r.institutional.public_security],
    ['individual_public_security', '公安系统个人微博', 'Police officials', r.individual.public_security],
    ['public_security_percent', '公安系统占比（%）', 'Police share (%)', share(r.public_security, r.total)],
    ['grassroots', '县处级及以下官员', 'Officials at division rank and below', r.individual.grassroots],
    ['provincial_ministerial_leaders', '省部级领导', 'Provincial and ministerial leaders', r.individual.provincial_ministerial_leaders],
    ['previous_cutoff', '上次截止日期', 'Previous cut-off', r.previous?.cutoff ?? null],
    ['previous_total', '上次总数', 'Previous total', r.previous?.total ?? null],
    ['growth_ratio', '增长倍数', 'Growth ratio', r.growth?.ratio ?? null],
    ['growth_increase', '增幅', 'Increase', r.growth?.increase ?? null],
    ['net_new', '净增', 'Net new accounts', r.growth?.net_new ?? null],
    ['lines', '输入行数', 'Input lines', r.accounts.lines],
    ['records', '有效记录', 'Valid records', r.accounts.records],
    ['distinct', '不同账号', 'Distinct accounts', r.accounts.distinct],
    ['duplicates', '重复记录', 'Duplicate records', r.accounts.duplicates],
    ['not_yet_opened', '截止日后开通', 'Opened after the cut-off', r.accounts.not_yet_opened],
    ['closed', '截止日前已关闭', 'Closed by the cut-off', r.accounts.closed],
    ['unverified', '未认证', 'Not verified', r.accounts.unverified],
    ['not_government', '非政务', 'Not government', r.accounts.not_government],
    ['classified', '自动分类', 'Labelled by the classifier', r.accounts.classified],
    ['uncertain', '分类存疑', 'Classifier unsure', r.accounts.uncertain],
    ['rejected_lines', '无效行', 'Rejected lines', r.rejected.lines],
  ];
  return {
    id: 'summary',
    title: { zh: '总体数据', en: 'Summary' },
    columns: [col('metric', '指标', 'Metric'), col('zh', '名称', 'Name (zh)'), col('en', '英文', 'Name (en)'), col('value', '数值', 'Value', 'decimal')],
    rows,
  };
}

/** Every breakdown of the report, in the order the formats print them. */
export function reportTables(r: CensusReport): Table[] {
  const inst = r.institutional;
  const ind = r.individual;
  const organ = col('organ', '机构类别', 'Organ');
  const level = col('level', '级别', 'Level');
  // The host stays the key (as in the JSON); the names come beside it, the host again for one the census does not know.
  const named = Object.keys(r.by_provider).some((p) => providerName(p) !== null);
  const providers = Object.entries(r.by_provider).map(([p, t]): [string, Bilingual | null, Tally] => [p, named ? (providerName(p) ?? { zh: p, en: p }) : null, t]);
  const provinces = Object.entries(r.by_province).map(([code, t]): [string, Bilingual, Tally] => [code, provinceName(code), t]);
  const kinds: Table = {
    id: 'by_kind',
    title: { zh: '机构与个人', en: 'Institutional and officials' },
    columns: [col('kind', '类别', 'Kind'), col('zh', '名称', 'Name (zh)'), col('en', '英文', 'Name (en)'), COUNT, SHARE, col('public_security', '公安系统', 'Police', 'count'), col('previous', '上次', 'Previous', 'count'), col('increase_percent', '增幅', 'Increase', 'percent')],
    rows: (['institutional', 'individual'] as const).map((k) => {
      const now = r[k].total;
      const then = r.previous ? r.previous[k] : null;
      const increase = then !== null && then > 0 ? Math.round((now / then - 1) * 10000) / 100 : null;
      return [k, KIND_NAMES[k].zh, KIND_NAMES[k].en, now, share(now, r.total), r[k].public_security, then, increase];
    }),
  };
  return [
    summaryTable(r),
    kinds,
    breakdown('institutional_by_organ', { zh: '机构微博：按机构类别', en: 'Institutional accounts by organ' }, organ, ORGAN_KINDS, ORGAN_NAMES, inst.by_organ, inst.total),
    breakdown('institutional_by_level', { zh: '机构微博：按行政级别', en: 'Institutional accounts by level' }, level, LEVELS, LEVEL_NAMES, inst.by_level, inst.total),
    breakdown('individual_by_organ', { zh: '公职人员微博：按所在机构类别', en: "Officials' accounts by organ" }, organ, ORGAN_KINDS, ORGAN_NAMES, ind.by_organ, ind.total),
    breakdown('individual_by_level', { zh: '公职人员微博：按所在机构级别', en: "Officials' accounts by level" }, level, LEVELS, LEVEL_NAMES, ind.by_level, ind.total),
    breakdown('individual_by_rank', { zh: '公职人员微博：按职级', en: "Officials' accounts by rank" }, col('rank', '职级', 'Rank'), RANKS, RANK_NAMES, ind.by_rank, ind.total),
    tallyTable('by_provider', { zh: '按服务商', en: 'By provider' }, col('provider', '服务商', 'Provider'), providers, r.total),
    tallyTable('by_province', { zh: '按省份（不含中央机构）', en: 'By province (national organs excluded)' }, col('province', '省份代码', 'Code'), provinces, r.total),
    rankingTable('ranking_institutional', { zh: '机构微博综合指数排名', en: 'Ranking of institutional accounts' }, r.ranking.institutional),
    rankingTable('ranking_individual', { zh: '公职人员微博综合指数排名', en: "Ranking of officials' accounts" }, r.ranking.individual),
    ...serviceTables(r),
    trendTable(r),
    {
      id: 'rejected',
      title: { zh: '无效行（示例）', en: 'Rejected lines (examples)' },
      columns: [col('input', '文件', 'Input'), col('line', '行号', 'Line', 'count'), col('error', '原因', 'Reason')],
      rows: r.rejected.examples.map((e) => [e.input, e.line, e.error]),
    },
  ];
}
