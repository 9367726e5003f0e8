import type { Context } from '../app/context.js';
import { hiddenAuthorsFor } from '../moderation/hidden-authors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { tagName } from './status-page.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { type TimelineOrigin, tagTimelineIds } from './timelines.repository.js';
import { excludedAuthorsSql, exclusionsFor } from '../social/exclusions.js';

export interface TagTimelineInput {
  /** As the client wrote it: `#雾霾#`, `#雾霾` and `雾霾` alike. */
  tag: string;
  window: IdWindow;
  /** Only statuses with media attachments. */
  onlyMedia?: boolean | undefined;
  /** This provider's statuses only, or other servers' only (Mastodon's `local`, `remote`). */
  origin?: TimelineOrigin | undefined;
}

/** GET /api/v1/timelines/tag/:hashtag: a hashtag's public statuses, newest first, none by accounts the viewer blocks, mutes or is blocked by. */
export async function tagTimeline(ctx: Context, viewer: AccountRow | null, input: TagTimelineInput): Promise<StatusRow[]> {
  const hidden = await hiddenAuthorsFor(ctx);
  const excluded = excludedAuthorsSql(await exclusionsFor(ctx, viewer ? Number(viewer.id) : null), ctx.clock.now().getTime());
  return filteredStatusPage(ctx, viewer, 'public', (window) => tagTimelineIds(ctx.db, tagName(input.tag), window, input.onlyMedia === true, hidden, excluded, input.origin ?? 'all'), input.window);
}
