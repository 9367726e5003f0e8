/*
 * Trend scores as Mastodon computes them (app/models/trends/tags.rb,
 * statuses.rb), as pure functions of the uses, so that they can be computed at
 * read time from the statuses themselves rather than kept in Redis.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Mastodon's Trends::Tags defaults. */
export const TAG_TREND = { threshold: 5, maxScoreCooldownMs: 2 * DAY, maxScoreHalfLifeMs: 4 * HOUR, decayThreshold: 1, stepMs: HOUR } as const;

/** Mastodon's Trends::Links defaults: scored as tags are, from the accounts sharing a link, but its best halves every 8 hours. */
export const LINK_TREND = { threshold: 5, maxScoreCooldownMs: 2 * DAY, maxScoreHalfLifeMs: 8 * HOUR, decayThreshold: 1, stepMs: HOUR } as const;

/** How a score rises and decays from the accounts using an item (tags, links). */
export type UseTrend = { readonly [K in keyof typeof TAG_TREND]: number };

/** Mastodon's Trends::Statuses defaults. */
export const STATUS_TREND = { threshold: 5, halfLifeMs: 2 * HOUR, decayThreshold: 0.3 } as const;

/** How far back a tag's uses matter: the cooldown of its best score, and the two days that score compares. */
export const TAG_LOOKBACK_MS = TAG_TREND.maxScoreCooldownMs + 2 * DAY;

/** Statuses older than this cannot keep a score above the threshold (any count ×0.5^24 falls under it in practice). */
export const STATUS_LOOKBACK_MS = 2 * DAY;

/**
 * A hashtag's score at `now` from its uses (who, when; ms since the epoch).
 * At each hour of the last two days: the distinct accounts of the 24 hours
 * before it (observed) against those of the 24 hours before that (expected,
 * at least 1); below 5 accounts, or not above what was expected, nothing;
 * else (observed − expected)² / expected. The best of those scores, halved
 * every 4 hours since it was reached, is the tag's score; under 1 it does not
 * trend. (Mastodon compares calendar days and remembers the best score in the
 * tag's row; sliding windows give the same without state.)
 */
export function tagScore(uses: readonly { account: number; at: number }[], now: number, opts: UseTrend = TAG_TREND): number {
  // The same as tagScorePlain, in one pass: the moments ascend, and three
  // cursors over the uses sorted by time move accounts into the observed day,
  // on into the day before, and out.
  const sorted = [...uses].sort((a, b) => a.at - b.at);
  const observed = new Map<number, number>();
  const before = new Map<number, number>();
  const add = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  const remove = (m: Map<number, number>, k: number) => {
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
  };
  let inObserved = 0;
  let inBefore = 0;
  let out = 0;
  let best = 0;
  const steps = Math.floor(opts.maxScoreCooldownMs / opts.stepMs);
  for (let k = steps; k >= 0; k--) {
    const t = now - k * opts.stepMs;
    for (; inObserved < sorted.length && (sorted[inObserved] as { at: number }).at <= t; inObserved++) add(observed, (sorted[inObserved] as { account: number }).account);
    for (; inBefore < inObserved && (sorted[inBefore] as { at: number }).at <= t - DAY; inBefore++) {
      const u = sorted[inBefore] as { account: number };
      remove(observed, u.account);
      add(before, u.account);
    }
    for (; out < inBefore && (sorted[out] as { at: number }).at <= t - 2 * DAY; out++) remove(before, (sorted[out] as { account: number }).account);
    const expected = Math.max(1, before.size);
    if (observed.size < opts.threshold || expected > observed.size) continue;
    const score = (observed.size - expected) ** 2 / expected;
    best = Math.max(best, score * 0.5 ** ((now - t) / opts.maxScoreHalfLifeMs));
  }
  return best >= opts.decayThreshold ? best : 0;
}

/** A link's score: a tag's, with Trends::Links' slower decay. */
export function linkScore(uses: readonly { account: number; at: number }[], now: number): number {
  return tagScore(uses, now, LINK_TREND);
}

/** The plain form of tagScore, one window at a time (scores.test.ts checks that both agree). */
export function tagScorePlain(uses: readonly { account: number; at: number }[], now: number, opts: UseTrend = TAG_TREND): number {
  let best = 0;
  for (let t = now; t >= now - opts.maxScoreCooldownMs; t -= opts.stepMs) {
    const observed = new Set<number>();
    const before = new Set<number>();
    for (const u of uses) {
      if (u.at > t) continue;
      if (u.at > t - DAY) observed.add(u.account);
      else if (u.at > t - 2 * DAY) before.add(u.account);
    }
    const expected = Math.max(1, before.size);
    if (observed.size < opts.threshold || expected > observed.size) continue;
    const score = (observed.size - expected) ** 2 / expected;
    best = Math.max(best, score * 0.5 ** ((now - t) / opts.maxScoreHalfLifeMs));
  }
  return best >= opts.decayThreshold ? best : 0;
}

/** A status's score: (interactions − 1)², at 5 interactions or more, halved every 2 hours of its age; under 0.3 it does not trend. */
export function statusScore(interactions: number, createdAt: number, now: number): number {
  if (interactions < STATUS_TREND.threshold) return 0;
  const score = (interactions - 1) ** 2 * 0.5 ** (Math.max(0, now - createdAt) / STATUS_TREND.halfLifeMs);
  return score >= STATUS_TREND.decayThreshold ? score : 0;
}
