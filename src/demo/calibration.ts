/**
 * The figures the demo's population reproduces exactly (../shared/REPORT-2012.md),
 * and the choices that fill in what the report leaves open. Every count here
 * is derived so that the report's whole-percent shares come out as published.
 */
export const CUTOFF_2011 = '2011-12-10';
export const CUTOFF_2012 = '2012-12-20';
/**
 * A third date for the report's trend. The 2012 report publishes no figure
 * for it: the count is whatever of the population had opened by then (its
 * first accounts open in March 2010), and nothing is calibrated to it.
 */
export const CUTOFF_2010 = '2010-12-10';

/** The four providers of the report, under demo host names. */
export const DEMO_PROVIDERS = [
  { host: 'weibo.example', zh: '新浪微博', en: 'Sina Weibo', share: 0.37 },
  { host: 't.qq.example', zh: '腾讯微博', en: 'Tencent Weibo', share: 0.42 },
  { host: 't.people.example', zh: '人民微博', en: "People's Weibo", share: 0.08 },
  { host: 't.home.news.example', zh: '新华微博', en: 'Xinhua Weibo', share: 0.13 },
] as const;

export const TARGETS = {
  2011: { total: 50_561, institutional: 32_358, individual: 18_203, publicSecurity: 23_764 },
  2012: {
    total: 176_714,
    institutional: 113_382,
    individual: 63_332,
    institutionalPublicSecurity: 41_951, // 37.0%
    individualPublicSecurity: 24_699, // 39.0%
    grassroots: 41_799, // 66.0%
    ministerial: 633, // 1.0%
  },
} as const;

/**
 * Individuals counted in 2012 by rank band; division + section + staff is the
 * grass-roots figure. The police among them, by rank.
 */
export const INDIVIDUAL_RANKS = { ministerial: 633, bureau: 20_900, division: 14_000, section: 13_000, staff: 14_799 } as const;
export const INDIVIDUAL_POLICE_RANKS = { ministerial: 0, bureau: 1_500, division: 4_000, section: 7_000, staff: 12_199 } as const;

/** Institutional police accounts by level: police stations make township the largest. */
export const INSTITUTIONAL_POLICE_LEVELS = { national: 31, provincial: 600, prefectural: 5_200, county: 16_500, township: 19_620 } as const;

/** Other institutional accounts by organ kind, and their levels (county-level organs are the largest share overall). */
export const INSTITUTIONAL_ORGANS = {
  government: 36_000,
  party: 9_000,
  legislature: 2_400,
  political_advisory: 2_100,
  discipline: 3_800,
  court: 6_200,
  procuratorate: 4_900,
  public_institution: 4_831,
  mass_organization: 2_200,
} as const;

/**
 * Accounts counted in 2012 that already existed and were counted in 2011, and
 * the police among them; with the accounts closed between the two cut-offs they
 * make the 2011 figures (32,358 = 31,658 + 700; 18,203 = 17,703 + 500; police
 * 23,764 = 16,000 + 7,764, 47.0% of all).
 */
export const CARRIED_FROM_2011 = { institutional: 31_658, institutionalPolice: 16_000, individual: 17_703, individualPolice: 7_764 } as const;
export const CLOSED_BETWEEN = { institutional: 700, individual: 500 } as const;

/** Accounts that the census must leave out: opened after the 2012 cut-off, closed before 2011's. */
export const NOT_COUNTED = { openedLater: { institutional: 2_000, individual: 1_000 }, closedEarly: { institutional: 300, individual: 200 } } as const;

/** Province weights: the top three by institutional and by individual accounts are the report's. */
export const PROVINCE_WEIGHTS_INSTITUTIONAL: Record<string, number> = {
  '37': 9.0, '32': 8.2, '33': 7.5, '44': 5.6, '41': 5.4, '51': 5.1, '13': 4.6, '42': 4.2, '43': 4.1, '34': 3.9, '35': 3.6, '21': 3.4,
  '11': 3.3, '61': 3.0, '36': 2.9, '45': 2.8, '23': 2.7, '14': 2.6, '53': 2.5, '31': 2.4, '50': 2.3, '22': 2.0, '52': 1.9, '15': 1.8,
  '12': 1.6, '62': 1.5, '65': 1.2, '46': 0.8, '64': 0.7, '63': 0.6, '54': 0.3,
};
export const PROVINCE_WEIGHTS_INDIVIDUAL: Record<string, number> = {
  '11': 9.5, '41': 8.6, '23': 7.8, '37': 5.4, '32': 5.2, '33': 4.9, '44': 4.7, '51': 4.4, '13': 4.0, '42': 3.9, '43': 3.8, '34': 3.4,
  '35': 3.1, '21': 3.0, '61': 2.9, '36': 2.7, '45': 2.6, '14': 2.5, '53': 2.3, '31': 2.3, '50': 2.2, '22': 2.0, '52': 1.8, '15': 1.7,
  '12': 1.5, '62': 1.4, '65': 1.1, '46': 0.7, '64': 0.6, '63': 0.5, '54': 0.3,
};

/** Largest-remainder allocation of `total` in proportion to `weights`: the parts always sum to `total`. */
export function allocate<K extends string>(total: number, weights: Record<K, number>): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  const sum = keys.reduce((s, k) => s + weights[k], 0);
  const raw = keys.map((k) => (total * weights[k]) / sum);
  const out = Object.fromEntries(keys.map((k, i) => [k, Math.floor(raw[i] as number)])) as Record<K, number>;
  let left = total - keys.reduce((s, k) => s + out[k], 0);
  const order = keys.map((k, i) => ({ k, frac: (raw[i] as number) - Math.floor(raw[i] as number) })).sort((a, b) => b.frac - a.frac || (a.k < b.k ? -1 : 1));
  for (const { k } of order) {
    if (left <= 0) break;
    out[k] += 1;
    left -= 1;
  }
  return out;
}
