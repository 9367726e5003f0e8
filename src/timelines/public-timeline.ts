import type { Context } from '../app/context.js';
import { hiddenAuthorsFor } from '../moderation/hidden-authors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { type TimelineOrigin, publicTimelineIds } from './timelines.repository.js';
import { excludedAuthorsSql, exclusionsFor } from '../social/exclusions.js';

/** GET /api/v1/timelines/public: public statuses, no reblogs, newest first, none by accounts the viewer blocks, mutes or is blocked by; `onlyMedia`: those with attachments; `origin`: this provider's only, or other servers' only. */
export async function publicTimeline(ctx: Context, viewer: AccountRow | null, w: IdWindow, onlyMedia = false, origin: TimelineOrigin = 'all'): Promise<StatusRow[]> {
  const hidden = await hiddenAuthorsFor(ctx);
  const excluded = excludedAuthorsSql(await exclusionsFor(ctx, viewer ? Number(viewer.id) : null), ctx.clock.now().getTime());
  return filteredStatusPage(ctx, viewer, 'public', (window) => publicTimelineIds(ctx.db, window, onlyMedia, hidden, excluded, origin), w);
}
