import type { Context } from '../app/context.js';
import { presentCard } from '../cards/cards.presenter.js';
import type { PreviewCardRow } from '../cards/cards.repository.js';
import type { z } from 'zod';
import type { AdminTagSchema, AdminTrendLinkSchema, PreviewCardProviderSchema, TrendLinkSchema } from '../http/schemas/trends.js';
import { presentHashtag } from '../search/search.presenter.js';
import type { TagRow } from '../search/search.repository.js';
import type { PublisherRow } from './trends.repository.js';

type DayUses = ReadonlyMap<string, { uses: number; accounts: number }>;

/** One day of shares, as Mastodon's Trends::History: the day's start in Unix seconds, counts as text. */
function history(days: readonly string[], uses: DayUses) {
  return days.map((day) => {
    const u = uses.get(day);
    return { day: String(Date.parse(`${day}T00:00:00Z`) / 1000), accounts: String(u?.accounts ?? 0), uses: String(u?.uses ?? 0) };
  });
}

/** Mastodon's Trends::Link: every field of the card, and its history. */
export function presentTrendLink(ctx: Context, card: PreviewCardRow, days: readonly string[], uses: DayUses): z.infer<typeof TrendLinkSchema> {
  return { ...presentCard(ctx.media, card), history: history(days, uses) };
}

/** The link as a reviewer sees it. */
export function presentAdminTrendLink(ctx: Context, card: PreviewCardRow, days: readonly string[], uses: DayUses, requiresReview: boolean): z.infer<typeof AdminTrendLinkSchema> {
  return { ...presentTrendLink(ctx, card, days, uses), id: String(card.id), requires_review: requiresReview };
}

/** Mastodon's Admin::Tag. */
export function presentAdminTag(
  ctx: Context,
  tag: TagRow,
  days: readonly string[],
  uses: DayUses,
  review: { trendable: boolean; requiresReview: boolean },
): z.infer<typeof AdminTagSchema> {
  return { ...presentHashtag(ctx.config, tag, days, uses, true), trendable: review.trendable, usable: true, requires_review: review.requiresReview };
}

/** A publisher of links as the admin API shows it. */
export function presentPublisher(p: PublisherRow): z.infer<typeof PreviewCardProviderSchema> {
  return {
    id: String(p.id),
    domain: p.domain,
    trendable: p.trendable === null ? null : Number(p.trendable) === 1,
    reviewed_at: p.reviewed_at,
    requested_review_at: p.requested_review_at,
    requires_review: p.reviewed_at === null,
  };
}
