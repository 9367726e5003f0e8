/**
 * Service quality: the service statistics that crawled organs carry (their
 * request inboxes: requests, response rate, median hours to first response,
 * ratings), summed over the counted accounts by province, organ kind and
 * account kind. One pass over the index with running sums per group, so the
 * memory is that of the index whatever the size of the census. Pure.
 */
import { ACCOUNT_KINDS, ORGAN_KINDS, PROVINCE_CODES, type AccountKind, type OrganKind } from '../domain/taxonomy.js';
import { PAGE_BITS, PAGE_MASK, type AccountIndex } from './dedupe.js';
import { packed, REPORT_PROVINCE_CODES } from './ingest.js';
import type { Bilingual } from './report/names.js';

/** The service figures of one group of counted accounts. */
export interface ServiceFigures {
  /** Counted accounts whose record carries service statistics with at least one request. */
  accounts: number;
  requests: number;
  /** Requests that got a first response. */
  answered: number;
  /** answered / requests, 4 decimals; null without requests. */
  response_rate: number | null;
  /**
   * Hours to first response: the mean of the accounts' medians weighted by their answered
   * requests (not the median of all requests, which the records do not allow), 2 decimals;
   * null when no account gives a median.
   */
  hours_to_first_response: number | null;
  /** Mean rating 1–5 weighted by each account's number of ratings, 2 decimals; null without ratings. */
  average_rating: number | null;
  /** Ratings the mean is of (a record giving a mean without its count counts as one). */
  ratings: number;
}

/** The report's service quality. */
export interface ServiceQuality {
  /** How the figures are made, as the report prints it. */
  method: Bilingual;
  total: ServiceFigures;
  by_kind: Record<AccountKind, ServiceFigures>;
  /** Every organ kind, zeros where none. */
  by_organ: Record<OrganKind, ServiceFigures>;
  /** National organs (and officials serving in them): not in by_province, as in the report's by_province. */
  national: ServiceFigures;
  /** The same provinces as the report's by_province, zeros where none. */
  by_province: Record<string, ServiceFigures>;
}

export const SERVICE_METHOD: Bilingual = {
  zh:
    '服务质量依据各账号记录中的诉求统计（收到的诉求数、回复率、首次回复时长中位数、群众评分），只计入截止日计入统计且至少收到一件诉求的账号。' +
    '回复率 = 已回复诉求数 ÷ 诉求总数（已回复数 = 各账号诉求数 × 回复率）；首次回复时长为各账号中位数按其已回复诉求数加权的平均值，并非全部诉求的中位数；' +
    '群众评分为各账号平均分按评价次数加权的平均值（未给出评价次数的账号按一次计）。',
  en:
    "Service quality sums the request statistics in the accounts' records (requests received, response rate, median hours to first response, citizens' ratings), " +
    'over the counted accounts that received at least one request. Response rate = answered requests / requests (answered = each account’s requests × its response rate); ' +
    "hours to first response is the mean of the accounts' medians weighted by their answered requests, not the median over all requests; " +
    "the rating is the mean of the accounts' mean ratings weighted by their number of ratings (an account that gives no count counts as one rating).",
};

// Running sums of a group, side by side in one Float64Array.
const ACCOUNTS = 0;
const REQUESTS = 1;
const ANSWERED = 2;
const HOURS_SUM = 3;
const HOURS_WEIGHT = 4;
const RATING_SUM = 5;
const RATINGS = 6;
const WIDTH = 7;

// Groups: 0 all, 1–2 kinds, 3–18 organ codes, 19 national, 20–83 province codes.
const KIND_GROUP = 1;
const ORGAN_GROUP = 3;
const NATIONAL_GROUP = 19;
const PROVINCE_GROUP = 20;
const GROUPS = PROVINCE_GROUP + 64;

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function figures(sums: Float64Array, group: number): ServiceFigures {
  const o = group * WIDTH;
  const requests = sums[o + REQUESTS]!;
  const answered = sums[o + ANSWERED]!;
  const hoursWeight = sums[o + HOURS_WEIGHT]!;
  const ratings = sums[o + RATINGS]!;
  return {
    accounts: sums[o + ACCOUNTS]!,
    requests,
    answered,
    response_rate: requests > 0 ? round(answered / requests, 4) : null,
    hours_to_first_response: hoursWeight > 0 ? round(sums[o + HOURS_SUM]! / hoursWeight, 2) : null,
    average_rating: ratings > 0 ? round(sums[o + RATING_SUM]! / ratings, 2) : null,
    ratings,
  };
}

/**
 * The service quality of the accounts counted in an index. `provinces`: the
 * keys of the report's by_province (a province beyond them appears when it has
 * accounts with statistics).
 */
export function aggregateService(index: AccountIndex, provinces: readonly string[] = PROVINCE_CODES): ServiceQuality {
  const sums = new Float64Array(GROUPS * WIDTH);
  const groups = [0, 0, 0, 0];
  const n = index.size;
  for (let row = 0; row < n; row++) {
    const page = index.pages[row >>> PAGE_BITS]!;
    const stats = page.stats;
    if (!stats) {
      // A page without statistics: skip to the next page.
      row |= PAGE_MASK;
      continue;
    }
    const at = row & PAGE_MASK;
    const requests = stats.requests[at]!;
    if (requests === 0) continue;
    const w = page.packed[at]!;
    if (packed.standing(w) !== 0) continue;
    const answered = stats.answered[at]!;
    const hours = stats.medianHours[at]!;
    const rating = stats.rating[at]!;
    const weight = Number.isNaN(rating) ? 0 : Math.max(1, stats.ratings[at]!);
    const k = packed.kind(w);
    const p = packed.province(w);
    groups[0] = 0;
    groups[1] = k ? KIND_GROUP + k - 1 : -1;
    groups[2] = ORGAN_GROUP + packed.organ(w);
    // As the report's by_province: a province when the labels give one, else national when the level is (level code 1).
    groups[3] = p ? PROVINCE_GROUP + p : packed.level(w) === 1 ? NATIONAL_GROUP : -1;
    for (const g of groups) {
      if (g < 0) continue;
      const o = g * WIDTH;
      sums[o + ACCOUNTS]!++;
      sums[o + REQUESTS] = sums[o + REQUESTS]! + requests;
      sums[o + ANSWERED] = sums[o + ANSWERED]! + answered;
      // An account whose answers are all still to come has a median of nothing: it weighs 0.
      if (!Number.isNaN(hours) && answered > 0) {
        sums[o + HOURS_SUM] = sums[o + HOURS_SUM]! + hours * answered;
        sums[o + HOURS_WEIGHT] = sums[o + HOURS_WEIGHT]! + answered;
      }
      if (weight > 0) {
        sums[o + RATING_SUM] = sums[o + RATING_SUM]! + rating * weight;
        sums[o + RATINGS] = sums[o + RATINGS]! + weight;
      }
    }
  }
  const by_kind = {} as Record<AccountKind, ServiceFigures>;
  ACCOUNT_KINDS.forEach((k, i) => (by_kind[k] = figures(sums, KIND_GROUP + i)));
  const by_organ = {} as Record<OrganKind, ServiceFigures>;
  ORGAN_KINDS.forEach((o, i) => (by_organ[o] = figures(sums, ORGAN_GROUP + i + 1)));
  const by_province: Record<string, ServiceFigures> = {};
  REPORT_PROVINCE_CODES.forEach((code, i) => {
    const f = figures(sums, PROVINCE_GROUP + i + 1);
    if (provinces.includes(code) || f.accounts > 0) by_province[code] = f;
  });
  return { method: { ...SERVICE_METHOD }, total: figures(sums, 0), by_kind, by_organ, national: figures(sums, NATIONAL_GROUP), by_province };
}
