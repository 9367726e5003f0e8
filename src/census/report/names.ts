/**
 * The report's vocabulary in Chinese and English, and number formatting
 * shared by the Markdown and HTML renderers.
 */
import type { AccountKind, Level, OrganKind, Rank } from '../../domain/taxonomy.js';
import { REPORT_PROVINCES } from '../ingest.js';

export interface Bilingual {
  zh: string;
  en: string;
}

export const KIND_NAMES: Record<AccountKind, Bilingual> = {
  institutional: { zh: '机构微博', en: 'Institutional' },
  individual: { zh: '公职人员微博', en: 'Officials' },
};

export const ORGAN_NAMES: Record<OrganKind, Bilingual> = {
  party: { zh: '党委', en: 'Party' },
  legislature: { zh: '人大', en: 'Legislature' },
  government: { zh: '政府', en: 'Government' },
  political_advisory: { zh: '政协', en: 'CPPCC' },
  discipline: { zh: '纪委', en: 'Discipline' },
  court: { zh: '法院', en: 'Courts' },
  procuratorate: { zh: '检察院', en: 'Procuratorates' },
  public_institution: { zh: '事业单位', en: 'Public institutions' },
  mass_organization: { zh: '群团组织', en: 'Mass organizations' },
};

export const LEVEL_NAMES: Record<Level, Bilingual> = {
  national: { zh: '中央', en: 'National' },
  provincial: { zh: '省级', en: 'Provincial' },
  prefectural: { zh: '地市级', en: 'Prefectural' },
  county: { zh: '县级', en: 'County' },
  township: { zh: '乡镇级', en: 'Township' },
};

export const RANK_NAMES: Record<Rank, Bilingual> = {
  ministerial: { zh: '省部级', en: 'Ministerial' },
  bureau: { zh: '厅局级', en: 'Bureau' },
  division: { zh: '县处级', en: 'Division' },
  section: { zh: '乡科级', en: 'Section' },
  staff: { zh: '科员及以下', en: 'Staff' },
};

/** A province's names; an unknown code stands for itself. */
export function provinceName(code: string | null): Bilingual {
  if (code === null) return { zh: '—', en: '—' };
  return REPORT_PROVINCES[code] ?? { zh: code, en: code };
}

/**
 * The microblog providers the census knows by name: the four of the 2012
 * report under their own hosts and under the demo's (src/demo/calibration.ts,
 * which a test keeps in step). The report keeps the host as the key and adds
 * the name beside it; a provider not listed here is shown by its host.
 */
export const PROVIDER_NAMES: Readonly<Record<string, Bilingual>> = {
  'weibo.com': { zh: '新浪微博', en: 'Sina Weibo' },
  'weibo.example': { zh: '新浪微博', en: 'Sina Weibo' },
  't.qq.com': { zh: '腾讯微博', en: 'Tencent Weibo' },
  't.qq.example': { zh: '腾讯微博', en: 'Tencent Weibo' },
  't.people.com.cn': { zh: '人民微博', en: "People's Weibo" },
  't.people.example': { zh: '人民微博', en: "People's Weibo" },
  't.home.news.cn': { zh: '新华微博', en: 'Xinhua Weibo' },
  't.home.news.example': { zh: '新华微博', en: 'Xinhua Weibo' },
};

/** A provider's names, or null for a host the census does not know. */
export function providerName(host: string): Bilingual | null {
  return Object.hasOwn(PROVIDER_NAMES, host) ? PROVIDER_NAMES[host]! : null;
}

/** How a reader sees a provider: its Chinese name, or its host when it has none. */
export function providerLabel(host: string, lang: 'zh' | 'en' = 'zh'): string {
  return providerName(host)?.[lang] ?? host;
}

/** 176714 -> "176,714". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** part of whole as a percentage with 2 decimals ("64.16%"); "—" when the whole is 0. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((part / whole) * 100).toFixed(2)}%`;
}

/** part of whole × 100, 2 decimals, or null when the whole is 0. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10000) / 100;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2012-12-20" -> "2012年12月20日". */
export function dateZh(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

/** "2012-12-20" -> "20 December 2012". */
export function dateEn(iso: string): string {
  return `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(0, 4))}`;
}
