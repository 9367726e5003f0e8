/**
 * The government vocabulary of CONTRACT §3: the enumerations that labels,
 * verification applications and the census share. No I/O, no imports.
 */

export const ACCOUNT_KINDS = ['institutional', 'individual'] as const;
/** Who runs the account: an organ, or one of its officials or staff. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ORGAN_KINDS = [
  'party',
  'legislature',
  'government',
  'political_advisory',
  'discipline',
  'court',
  'procuratorate',
  'public_institution',
  'mass_organization',
] as const;
/** The kind of organ an account belongs to (an individual: the organ the person serves in). */
export type OrganKind = (typeof ORGAN_KINDS)[number];

export const LEVELS = ['national', 'provincial', 'prefectural', 'county', 'township'] as const;
/** Administrative level of the organ, from the top down. */
export type Level = (typeof LEVELS)[number];

export const RANKS = ['ministerial', 'bureau', 'division', 'section', 'staff'] as const;
/** Cadre rank band of an individual's post, from the top down. */
export type Rank = (typeof RANKS)[number];

/** Ranks that the report counts as grass-roots (县处级以下, inclusive). */
export const GRASSROOTS_RANKS: readonly Rank[] = ['division', 'section', 'staff'];

/** The classification of one account record (CONTRACT §3). */
export interface Labels {
  /** Run by a government organ or by one of its officials or staff. */
  government: boolean;
  /** null when not government. */
  kind: AccountKind | null;
  organ: OrganKind | null;
  /** The public security (police) system. */
  public_security: boolean;
  level: Level | null;
  /** Individuals only. */
  rank: Rank | null;
  /** Two-digit GB/T 2260 province code; null for national organs. */
  province: string | null;
}

/** The 31 provincial-level divisions of the mainland, by GB/T 2260 code. */
export const PROVINCES: Readonly<Record<string, { zh: string; en: string }>> = {
  '11': { zh: '北京', en: 'Beijing' },
  '12': { zh: '天津', en: 'Tianjin' },
  '13': { zh: '河北', en: 'Hebei' },
  '14': { zh: '山西', en: 'Shanxi' },
  '15': { zh: '内蒙古', en: 'Inner Mongolia' },
  '21': { zh: '辽宁', en: 'Liaoning' },
  '22': { zh: '吉林', en: 'Jilin' },
  '23': { zh: '黑龙江', en: 'Heilongjiang' },
  '31': { zh: '上海', en: 'Shanghai' },
  '32': { zh: '江苏', en: 'Jiangsu' },
  '33': { zh: '浙江', en: 'Zhejiang' },
  '34': { zh: '安徽', en: 'Anhui' },
  '35': { zh: '福建', en: 'Fujian' },
  '36': { zh: '江西', en: 'Jiangxi' },
  '37': { zh: '山东', en: 'Shandong' },
  '41': { zh: '河南', en: 'Henan' },
  '42': { zh: '湖北', en: 'Hubei' },
  '43': { zh: '湖南', en: 'Hunan' },
  '44': { zh: '广东', en: 'Guangdong' },
  '45': { zh: '广西', en: 'Guangxi' },
  '46': { zh: '海南', en: 'Hainan' },
  '50': { zh: '重庆', en: 'Chongqing' },
  '51': { zh: '四川', en: 'Sichuan' },
  '52': { zh: '贵州', en: 'Guizhou' },
  '53': { zh: '云南', en: 'Yunnan' },
  '54': { zh: '西藏', en: 'Tibet' },
  '61': { zh: '陕西', en: 'Shaanxi' },
  '62': { zh: '甘肃', en: 'Gansu' },
  '63': { zh: '青海', en: 'Qinghai' },
  '64': { zh: '宁夏', en: 'Ningxia' },
  '65': { zh: '新疆', en: 'Xinjiang' },
};

export const PROVINCE_CODES: readonly string[] = Object.keys(PROVINCES);

/** Whether a label set names an account that is complete enough to trust as given. */
export function isLabelValue<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}
