import type { z } from 'zod';
import type { Context } from '../app/context.js';
import type { AdminTagSchema } from '../http/schemas/trends.js';
import { historyDays } from '../search/search.presenter.js';
import { tagUsesSince } from '../search/search.repository.js';
import { tagRequiresReview, tagTrendable } from '../trends/review.js';
import { presentAdminTag } from '../trends/trends.presenter.js';
import type { AdminTagRow } from './admin-tags.repository.js';

/** REST::Admin::TagSerializer for a page of hashtags: the trends review's presenter with the stored `usable`; one query for their week of uses. */
export async function presentAdminTags(ctx: Context, tags: readonly AdminTagRow[]): Promise<z.infer<typeof AdminTagSchema>[]> {
  const days = historyDays(ctx.clock.now());
  const uses = await tagUsesSince(ctx.db, tags.map((t) => t.id), `${days[days.length - 1]}T00:00:00.000Z`);
  const byTag = new Map<number, Map<string, { uses: number; accounts: number }>>();
  for (const u of uses) {
    let m = byTag.get(u.tag_id);
    if (!m) byTag.set(u.tag_id, (m = new Map()));
    m.set(u.day, { uses: u.uses, accounts: u.accounts });
  }
  return tags.map((t) => ({
    ...presentAdminTag(ctx, { id: t.id, name: t.name, display: t.display }, days, byTag.get(t.id) ?? new Map(), {
      trendable: tagTrendable(t, ctx.config.trendableByDefault),
      requiresReview: tagRequiresReview(t),
    }),
    usable: t.usable !== 0,
  }));
}
