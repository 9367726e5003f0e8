import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { notFound } from '../app/errors.js';
import { hiddenAuthorsFor } from '../moderation/hidden-authors.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { exclusionsFor } from '../social/exclusions.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { isAllowedTrendingLink } from './list-trends.js';
import { linkTimelineIds, usableCardByUrl } from './trends.repository.js';

/**
 * GET /api/v1/timelines/link?url=: the public statuses showing the card of a
 * link that trends now and may be shown (else 404, as Mastodon's), by
 * discoverable or verified government accounts, newest first (Mastodon's
 * LinkFeed); the viewer's visibility rules, blocks, mutes and `public` filters
 * apply as on the public timeline.
 */
export async function linkTimeline(ctx: Context, viewer: AccountRow | null, input: { url: string; window: IdWindow }): Promise<StatusRow[]> {
  const card = await usableCardByUrl(ctx.db, input.url);
  if (!card || !(await isAllowedTrendingLink(ctx, Number(card.id)))) throw notFound('Link');
  const hidden = await hiddenAuthorsFor(ctx);
  const read = (w: IdWindow) => linkTimelineIds(ctx.db, Number(card.id), w, hidden);
  return filteredStatusPage(ctx, viewer, 'public', read, input.window, await exclusionsFor(ctx, viewer ? Number(viewer.id) : null));
}
