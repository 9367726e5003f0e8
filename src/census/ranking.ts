/**
 * The ranking of accounts by a composite index, after the People's Daily
 * indices of government microblogs (spread, service, interaction), reduced to
 * what an account record carries:
 *
 *   index = 100 × (0.5·reach + 0.3·activity + 0.2·service) / (sum of the weights in play)
 *
 *   reach    = ln(1 + followers) / ln(1 + the most followers)
 *   activity = ln(1 + posts)     / ln(1 + the most posts)
 *   service  = the record's service score, 0–1 (ingest.ts serviceScore: response
 *              rate, speed of the first response, citizens' rating); 0 for an
 *              account without service statistics
 *
 * The maxima are taken over the counted accounts of the same kind
 * (institutional accounts are ranked among themselves, individuals among
 * themselves). Logarithms, because audiences span six orders of magnitude and
 * a raw ratio would give every account but the largest a score near 0. When
 * no account of a kind carries service statistics (individuals, usually; any
 * census made from exports), service's weight is left out instead of giving
 * everyone 0. Ties are broken by provider, then id (shorter first, then
 * character order, which is numeric order for numeric ids): the ranking is a
 * function of the records alone.
 *
 * Pure: works on the index's columns; run-report.ts reads the winners' names back.
 */
import type { AccountKind, Level, OrganKind } from '../domain/taxonomy.js';
import { PAGE_BITS, PAGE_MASK, type AccountIndex } from './dedupe.js';
import { packed, unpack } from './ingest.js';

export const RANKING_WEIGHTS = { reach: 0.5, activity: 0.3, service: 0.2 } as const;
/** How many accounts of each kind the report ranks. */
export const RANKING_SIZE = 100;

export const RANKING_METHOD = {
  en:
    'index = 100 × (0.5·reach + 0.3·activity + 0.2·service) / (sum of the weights in play); ' +
    'reach = ln(1+followers) / ln(1+most followers), activity = ln(1+posts) / ln(1+most posts), maxima over the counted accounts of the same kind; ' +
    'service = 0.6·response rate + 0.2·speed (1/(1+median hours to first response/24)) + 0.2·(rating−1)/4 ' +
    '(0.75·rate + 0.25·speed without ratings), 0 without service statistics; service is left out when no account of the kind has any. ' +
    'Ties: provider, then id.',
  zh:
    '综合指数 = 100 ×（0.5×传播力 + 0.3×活跃度 + 0.2×服务力）÷ 参与计算的权重之和；' +
    '传播力 = ln(1+粉丝数) ÷ ln(1+同类账号最高粉丝数)，活跃度 = ln(1+微博数) ÷ ln(1+同类账号最高微博数)；' +
    '服务力 = 0.6×回复率 + 0.2×响应速度 + 0.2×评价，无服务统计的账号记0；同类账号均无服务统计时不计服务力。' +
    '同分时依次按服务商、账号ID排序。',
} as const;

/** One ranked account. */
export interface RankedAccount {
  /** 1-based place. */
  place: number;
  provider: string;
  id: string;
  handle: string | null;
  name: string;
  verification: string | null;
  organ: OrganKind | null;
  level: Level | null;
  province: string | null;
  public_security: boolean;
  followers: number;
  posts: number;
  /** Service score 0–1 (3 decimals), null without service statistics. */
  service: number | null;
  /** Components 0–1, 4 decimals. */
  reach: number;
  activity: number;
  /** The composite index 0–100, 2 decimals. */
  index: number;
}

export interface Ranking {
  /** The formula, in English and Chinese. */
  method: { en: string; zh: string };
  weights: { reach: number; activity: number; service: number };
  /** Whether service entered each kind's index. */
  service_weighed: { institutional: boolean; individual: boolean };
  institutional: RankedAccount[];
  individual: RankedAccount[];
}

/** A winner before its name has been read back. */
export interface RankedRow {
  row: number;
  score: number;
  reach: number;
  activity: number;
  /** −1 without service statistics. */
  service: number;
}

/** Compares ids for the tie-break: shorter first, then code points. */
function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The top `k` counted accounts of one kind by the composite index, best first. */
export function topAccounts(index: AccountIndex, kind: AccountKind, k = RANKING_SIZE): { rows: RankedRow[]; serviceWeighed: boolean } {
  const want = kind === 'institutional' ? 1 : 2;
  const n = index.size;
  let maxFollowers = 0;
  let maxPosts = 0;
  let anyService = false;
  for (let row = 0; row < n; row++) {
    const page = index.pages[row >>> PAGE_BITS]!;
    const at = row & PAGE_MASK;
    const w = page.packed[at]!;
    if (packed.standing(w) !== 0 || packed.kind(w) !== want) continue;
    if (page.followers[at]! > maxFollowers) maxFollowers = page.followers[at]!;
    if (page.posts[at]! > maxPosts) maxPosts = page.posts[at]!;
    if (page.service[at]! >= 0) anyService = true;
  }
  const lf = Math.log1p(maxFollowers);
  const lp = Math.log1p(maxPosts);
  const W = RANKING_WEIGHTS;
  const norm = 100 / (W.reach + W.activity + (anyService ? W.service : 0));

  // Better-than, with the tie-break; ids are only built for ties.
  const better = (a: RankedRow, b: RankedRow): boolean => {
    if (a.score !== b.score) return a.score > b.score;
    const pa = index.providerOf(a.row);
    const pb = index.providerOf(b.row);
    if (pa !== pb) return pa < pb;
    return compareIds(index.idOf(a.row), index.idOf(b.row)) < 0;
  };

  // The kept few and the worst of them: a k of 100 makes a linear rescan cheaper than a heap's bookkeeping.
  const kept: RankedRow[] = [];
  let worst = -1;
  const rescan = (): void => {
    worst = 0;
    for (let i = 1; i < kept.length; i++) if (better(kept[worst]!, kept[i]!)) worst = i;
  };
  for (let row = 0; row < n; row++) {
    const page = index.pages[row >>> PAGE_BITS]!;
    const at = row & PAGE_MASK;
    const w = page.packed[at]!;
    if (packed.standing(w) !== 0 || packed.kind(w) !== want) continue;
    const reach = lf > 0 ? Math.log1p(page.followers[at]!) / lf : 0;
    const activity = lp > 0 ? Math.log1p(page.posts[at]!) / lp : 0;
    const service = page.service[at]!;
    const score = norm * (W.reach * reach + W.activity * activity + (anyService && service > 0 ? W.service * service : 0));
    if (kept.length === k && score < kept[worst]!.score) continue;
    const candidate: RankedRow = { row, score, reach, activity, service };
    if (kept.length < k) {
      kept.push(candidate);
      if (kept.length === k) rescan();
    } else if (better(candidate, kept[worst]!)) {
      kept[worst] = candidate;
      rescan();
    }
  }
  kept.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  return { rows: kept, serviceWeighed: anyService };
}

/** Names and labels of a winner, read back from its last occurrence. */
export interface WinnerDetails {
  handle: string | null;
  name: string;
  verification: string | null;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A winner as the report lists it. */
export function presentRanked(index: AccountIndex, r: RankedRow, place: number, details: WinnerDetails): RankedAccount {
  const page = index.pages[r.row >>> PAGE_BITS]!;
  const at = r.row & PAGE_MASK;
  const labels = unpack(page.packed[at]!);
  return {
    place,
    provider: index.providerOf(r.row),
    id: index.idOf(r.row),
    handle: details.handle,
    name: details.name,
    verification: details.verification,
    organ: labels.organ,
    level: labels.level,
    province: labels.province,
    public_security: labels.public_security,
    followers: page.followers[at]!,
    posts: page.posts[at]!,
    service: r.service >= 0 ? round(r.service, 3) : null,
    reach: round(r.reach, 4),
    activity: round(r.activity, 4),
    index: round(r.score, 2),
  };
}
