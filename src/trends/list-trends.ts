import type { Context } from '../app/context.js';
import type { PreviewCardRow } from '../cards/cards.repository.js';
import { historyDays } from '../search/search.presenter.js';
import { tagUsesSince } from '../search/search.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { cardDomain, cardRequiresReview, cardTrendable, domainSuffixes, matchingPublisher, statusRequiresReview, statusTrendable, tagRequiresReview, tagTrendable } from './review.js';
import { cardsByIds, publishersOfDomains, recentLinkShares, statusReviews, tagsByIds } from './trends.repository.js';
import { type Ranking, trendingLinkIds, trendingStatusIds, trendingTagIds } from './trends.js';

type DayUses = Map<string, { uses: number; accounts: number }>;

/** A page of a ranking (Mastodon pages trends by offset). */
export interface TrendPage {
  limit: number;
  offset: number;
}

/**
 * Whom the list is for: the public, who see only what may trend (approved,
 * or by default); or a reviewer, who sees the whole ranking, each item with
 * whether it still waits for review.
 */
export type TrendAudience = 'public' | 'review';

// The week of history of a ranking's items, read once per ranking (every five minutes), not on every request.
const tagHistories = new WeakMap<Ranking, { days: string[]; uses: Map<number, DayUses> }>();
const linkHistories = new WeakMap<Ranking, { days: string[]; uses: Map<number, DayUses> }>();

function heldHistory(map: WeakMap<Ranking, { days: string[]; uses: Map<number, DayUses> }>, ranking: Ranking) {
  let held = map.get(ranking);
  if (!held) map.set(ranking, (held = { days: historyDays(new Date(ranking.computedAt)), uses: new Map() }));
  return held;
}

/** GET /api/v1/trends/tags (and the admin list): the page of trending hashtags, with each one's last week of use (Mastodon's Tag history, as of the ranking). */
export async function listTrendingTags(ctx: Context, page: TrendPage, audience: TrendAudience = 'public') {
  const ranking = await trendingTagIds(ctx);
  // The decisions are read anew on every request (a reviewer's approval shows at once); at most 100 rows by key.
  const rows = new Map((await tagsByIds(ctx.db, ranking.ids)).map((r) => [Number(r.id), r]));
  const shown = ranking.ids.filter((id) => {
    const t = rows.get(id);
    return t !== undefined && (audience === 'review' || tagTrendable(t, ctx.config.trendableByDefault));
  });
  const wanted = shown.slice(page.offset, page.offset + page.limit);
  const held = heldHistory(tagHistories, ranking);
  const { days } = held;
  const missing = wanted.filter((id) => !held.uses.has(id));
  const uses = await tagUsesSince(ctx.db, missing, `${days[days.length - 1]}T00:00:00.000Z`);
  for (const id of missing) held.uses.set(id, new Map());
  for (const u of uses) held.uses.get(u.tag_id)?.set(u.day, { uses: u.uses, accounts: u.accounts });
  return {
    days,
    tags: wanted.map((id) => {
      const t = rows.get(id) as NonNullable<ReturnType<typeof rows.get>>;
      return {
        tag: { id: Number(t.id), name: t.name, display: t.display },
        uses: held.uses.get(id) ?? new Map(),
        trendable: tagTrendable(t, ctx.config.trendableByDefault),
        requiresReview: tagRequiresReview(t),
      };
    }),
  };
}

/** GET /api/v1/trends/statuses (and the admin list): the page of trending statuses still shown (deleted ones drop out). */
export async function listTrendingStatuses(ctx: Context, page: TrendPage, audience: TrendAudience = 'public'): Promise<{ row: StatusRow; requiresReview: boolean }[]> {
  const { ids } = await trendingStatusIds(ctx);
  const reviews = new Map((await statusReviews(ctx.db, ids)).map((r) => [r.id, r]));
  const shown = ids.filter((id) => {
    const r = reviews.get(id);
    return r !== undefined && (audience === 'review' || statusTrendable(r, r.verified, ctx.config.trendableByDefault));
  });
  const wanted = shown.slice(page.offset, page.offset + page.limit);
  const rows = new Map((await loadStatuses(ctx, wanted)).map((r) => [Number(r.id), r]));
  return wanted.flatMap((id) => {
    const row = rows.get(id);
    const review = reviews.get(id);
    return row && !row.deleted_at && review ? [{ row, requiresReview: statusRequiresReview(review, review.verified) }] : [];
  });
}

/** A trending link as the lists show it. */
export interface TrendingLink {
  card: PreviewCardRow;
  uses: DayUses;
  trendable: boolean;
  requiresReview: boolean;
}

/** The ranking's cards with their decisions (their own, else their publisher's). */
async function rankedCards(ctx: Context, ids: readonly number[]) {
  const cards = await cardsByIds(ctx.db, ids);
  const domains = cards.map((c) => cardDomain(c.url)).filter((d): d is string => d !== null);
  const publishers = await publishersOfDomains(ctx.db, domains.flatMap(domainSuffixes));
  const byId = new Map<number, { card: PreviewCardRow; trendable: boolean; requiresReview: boolean }>();
  for (const card of cards) {
    const publisher = matchingPublisher(cardDomain(card.url), publishers);
    byId.set(Number(card.id), { card, trendable: cardTrendable(card, publisher), requiresReview: cardRequiresReview(card, publisher) });
  }
  return byId;
}

/** GET /api/v1/trends/links (and the admin list): the page of trending links, each with its week of shares (days, accounts, uses). */
export async function listTrendingLinks(ctx: Context, page: TrendPage, audience: TrendAudience = 'public'): Promise<{ days: string[]; links: TrendingLink[] }> {
  const ranking = await trendingLinkIds(ctx);
  const cards = await rankedCards(ctx, ranking.ids);
  const shown = ranking.ids.filter((id) => {
    const c = cards.get(id);
    return c !== undefined && (audience === 'review' || c.trendable);
  });
  const wanted = shown.slice(page.offset, page.offset + page.limit);
  const held = heldHistory(linkHistories, ranking);
  const { days } = held;
  const missing = wanted.filter((id) => !held.uses.has(id));
  if (missing.length > 0) {
    const shares = await recentLinkShares(ctx.db, `${days[days.length - 1]}T00:00:00.000Z`, missing);
    const perDay = new Map<number, Map<string, { uses: number; accounts: Set<number> }>>();
    for (const s of shares) {
      let days = perDay.get(s.card_id);
      if (!days) perDay.set(s.card_id, (days = new Map()));
      const day = s.created_at.slice(0, 10);
      let d = days.get(day);
      if (!d) days.set(day, (d = { uses: 0, accounts: new Set() }));
      d.uses++;
      d.accounts.add(s.account_id);
    }
    for (const id of missing) {
      held.uses.set(id, new Map([...(perDay.get(id) ?? new Map<string, { uses: number; accounts: Set<number> }>())].map(([day, d]) => [day, { uses: d.uses, accounts: d.accounts.size }])));
    }
  }
  return {
    days,
    links: wanted.map((id) => {
      const c = cards.get(id) as NonNullable<ReturnType<typeof cards.get>>;
      return { ...c, uses: held.uses.get(id) ?? new Map() };
    }),
  };
}

/** Whether the card of this id trends now and may be shown (what the link timeline needs). */
export async function isAllowedTrendingLink(ctx: Context, cardId: number): Promise<boolean> {
  const ranking = await trendingLinkIds(ctx);
  if (!ranking.ids.includes(cardId)) return false;
  return (await rankedCards(ctx, [cardId])).get(cardId)?.trendable === true;
}

/** The week of shares of one card, by day (for an answer outside the ranking: a reviewer's decision). */
async function linkWeek(ctx: Context, cardId: number, days: readonly string[]): Promise<DayUses> {
  const shares = await recentLinkShares(ctx.db, `${days[days.length - 1]}T00:00:00.000Z`, [cardId]);
  const perDay = new Map<string, { uses: number; accounts: Set<number> }>();
  for (const s of shares) {
    const day = s.created_at.slice(0, 10);
    let d = perDay.get(day);
    if (!d) perDay.set(day, (d = { uses: 0, accounts: new Set() }));
    d.uses++;
    d.accounts.add(s.account_id);
  }
  return new Map([...perDay].map(([day, d]) => [day, { uses: d.uses, accounts: d.accounts.size }]));
}

/** One link as the review answers show it, trending or not; undefined for an unknown id. */
export async function trendLinkById(ctx: Context, cardId: number): Promise<(TrendingLink & { days: string[] }) | undefined> {
  const c = (await rankedCards(ctx, [cardId])).get(cardId);
  if (!c) return undefined;
  const days = historyDays(ctx.clock.now());
  return { ...c, days, uses: await linkWeek(ctx, cardId, days) };
}

/** One hashtag as the review answers show it; undefined for an unknown id. */
export async function trendTagById(ctx: Context, tagId: number) {
  const [t] = await tagsByIds(ctx.db, [tagId]);
  if (!t) return undefined;
  const days = historyDays(ctx.clock.now());
  const uses: DayUses = new Map();
  for (const u of await tagUsesSince(ctx.db, [tagId], `${days[days.length - 1]}T00:00:00.000Z`)) uses.set(u.day, { uses: u.uses, accounts: u.accounts });
  return { days, tag: { id: Number(t.id), name: t.name, display: t.display }, uses, trendable: tagTrendable(t, ctx.config.trendableByDefault), requiresReview: tagRequiresReview(t) };
}

/** One status with its review; undefined for an unknown or deleted one. */
export async function trendStatusById(ctx: Context, statusId: number): Promise<{ row: StatusRow; requiresReview: boolean } | undefined> {
  const [[row], [review]] = await Promise.all([loadStatuses(ctx, [statusId]), statusReviews(ctx.db, [statusId])]);
  return row && !row.deleted_at && review ? { row, requiresReview: statusRequiresReview(review, review.verified) } : undefined;
}
