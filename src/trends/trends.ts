import type { Context } from '../app/context.js';
import { appropriateForTrends, cardDomain, domainSuffixes, matchingPublisher } from './review.js';
import { LINK_TREND, STATUS_LOOKBACK_MS, STATUS_TREND, TAG_LOOKBACK_MS, linkScore, statusScore, tagScore } from './scores.js';
import { cardsByIds, publishersOfDomains, recentLinkShares, recentTagUses, requestPublisherReview, trendCandidates } from './trends.repository.js';

/** How long a computed ranking is served before it is computed again (Mastodon refreshes its trends every 5 minutes). */
export const TRENDS_TTL_MS = 5 * 60_000;

/** Most items a ranking keeps: what any page of the API can ask for. */
const KEPT = 100;

export interface Ranking {
  /** Ids, best first. */
  ids: number[];
  computedAt: number;
  /** How long the computation took, for the log and the benchmark. */
  ms: number;
}

/** The ranking served, and the one being computed to replace it. */
interface Held {
  current: Promise<Ranking>;
  next?: Promise<Ranking>;
}

interface Rankings {
  tags?: Held;
  statuses?: Held;
  links?: Held;
}

// Per context, never shared between providers in one process (tests, the demo).
const memo = new WeakMap<Context, Rankings>();

/** The hashtags trending now, from the last four days of public statuses. */
export async function computeTagRanking(ctx: Context, now: number): Promise<Ranking> {
  const t0 = performance.now();
  const uses = await recentTagUses(ctx.db, new Date(now - TAG_LOOKBACK_MS).toISOString());
  const byTag = new Map<number, { account: number; at: number }[]>();
  const accountsByTag = new Map<number, Set<number>>();
  for (const u of uses) {
    let list = byTag.get(u.tag_id);
    if (!list) byTag.set(u.tag_id, (list = []));
    list.push({ account: u.account_id, at: Date.parse(u.created_at) });
    let set = accountsByTag.get(u.tag_id);
    if (!set) accountsByTag.set(u.tag_id, (set = new Set()));
    set.add(u.account_id);
  }
  const scored: { id: number; score: number }[] = [];
  for (const [id, list] of byTag) {
    // A tag fewer than 5 accounts used in four days cannot reach the threshold in any window.
    if ((accountsByTag.get(id)?.size ?? 0) < 5) continue;
    const score = tagScore(list, now);
    if (score > 0) scored.push({ id, score });
  }
  scored.sort((a, b) => b.score - a.score || b.id - a.id);
  return { ids: scored.slice(0, KEPT).map((s) => s.id), computedAt: now, ms: performance.now() - t0 };
}

/** The statuses trending now, from the interactions on the last two days' public statuses. */
export async function computeStatusRanking(ctx: Context, now: number): Promise<Ranking> {
  const t0 = performance.now();
  const candidates = await trendCandidates(ctx.db, new Date(now - STATUS_LOOKBACK_MS).toISOString(), STATUS_TREND.threshold);
  const scored = candidates.map((c) => ({ id: c.id, score: statusScore(c.interactions, Date.parse(c.created_at), now) })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || b.id - a.id);
  return { ids: scored.slice(0, KEPT).map((s) => s.id), computedAt: now, ms: performance.now() - t0 };
}

/**
 * The links trending now: the preview cards shown by the last four days'
 * public shares, scored from the distinct accounts sharing each (Mastodon's
 * Trends::Links). A trending link whose publisher nobody reviewed yet asks
 * for review: its domain is added to the publishers, marked as waiting
 * (Mastodon's request_review), so that a reviewer can allow or refuse the
 * whole site at once.
 */
export async function computeLinkRanking(ctx: Context, now: number): Promise<Ranking> {
  const t0 = performance.now();
  const shares = await recentLinkShares(ctx.db, new Date(now - TAG_LOOKBACK_MS).toISOString());
  const byCard = new Map<number, { account: number; at: number }[]>();
  for (const u of shares) {
    let list = byCard.get(u.card_id);
    if (!list) byCard.set(u.card_id, (list = []));
    list.push({ account: u.account_id, at: Date.parse(u.created_at) });
  }
  const scored: { id: number; score: number }[] = [];
  for (const [id, list] of byCard) {
    // A link fewer than 5 accounts shared in four days cannot reach the threshold in any window.
    if (new Set(list.map((u) => u.account)).size < LINK_TREND.threshold) continue;
    const score = linkScore(list, now);
    if (score > 0) scored.push({ id, score });
  }
  scored.sort((a, b) => b.score - a.score || b.id - a.id);
  // The query kept only shares of cards fit for trends; the predicate is the rule itself, and has the last word.
  const fit = new Map((await cardsByIds(ctx.db, scored.slice(0, KEPT).map((s) => s.id))).filter(appropriateForTrends).map((c) => [Number(c.id), c]));
  const ids = scored.slice(0, KEPT).map((s) => s.id).filter((id) => fit.has(id));
  const cards = [...fit.values()];
  const domains = cards.map((c) => cardDomain(c.url)).filter((d): d is string => d !== null);
  const publishers = await publishersOfDomains(ctx.db, domains.flatMap(domainSuffixes));
  const unasked = cards.flatMap((c) => {
    const domain = cardDomain(c.url);
    return domain !== null && c.trendable === null && !matchingPublisher(domain, publishers) ? [domain] : [];
  });
  await requestPublisherReview(ctx.db, unasked, new Date(now).toISOString());
  return { ids, computedAt: now, ms: performance.now() - t0 };
}

/**
 * A ranking from this process's memory. Once older than TRENDS_TTL_MS it is
 * computed anew in the background while readers keep the one held (a request
 * waits only for the very first ranking, or after a clock went backwards);
 * concurrent readers share the one computation.
 */
async function cached(ctx: Context, kind: keyof Rankings, compute: (ctx: Context, now: number) => Promise<Ranking>): Promise<Ranking> {
  let r = memo.get(ctx);
  if (!r) memo.set(ctx, (r = {}));
  const now = ctx.clock.now().getTime();
  const entry = r[kind];
  const held = entry ? await entry.current.catch(() => null) : null;
  if (held && now >= held.computedAt && now - held.computedAt < TRENDS_TTL_MS) return held;
  if (entry?.next) return held && now >= held.computedAt ? held : entry.next;
  const next = compute(ctx, now).then((done) => {
    ctx.log.debug({ kind, ms: Math.round(done.ms), items: done.ids.length }, 'trends computed');
    (r as Rankings)[kind] = { current: Promise.resolve(done) };
    return done;
  });
  next.catch((err: unknown) => {
    ctx.log.error({ err, kind }, 'trends could not be computed');
    if (held) (r as Rankings)[kind] = { current: Promise.resolve(held) };
    else delete (r as Rankings)[kind];
  });
  if (held && now >= held.computedAt) {
    r[kind] = { current: Promise.resolve(held), next };
    return held;
  }
  r[kind] = { current: next, next };
  return next;
}

export function trendingTagIds(ctx: Context): Promise<Ranking> {
  return cached(ctx, 'tags', computeTagRanking);
}

export function trendingStatusIds(ctx: Context): Promise<Ranking> {
  return cached(ctx, 'statuses', computeStatusRanking);
}

export function trendingLinkIds(ctx: Context): Promise<Ranking> {
  return cached(ctx, 'links', computeLinkRanking);
}

/** Forgets this process's rankings (tests; an admin wanting fresh figures). */
export function forgetTrends(ctx: Context): void {
  memo.delete(ctx);
}
