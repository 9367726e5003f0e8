import type { Context } from '../app/context.js';
import { hiddenAuthorsFor } from '../moderation/hidden-authors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { statusPage } from './status-page.js';
import { publicTimelineIds } from './timelines.repository.js';

/** GET /api/v1/timelines/public: public statuses, no reblogs, newest first; `onlyMedia`: those with attachments. */
export async function publicTimeline(ctx: Context, viewer: AccountRow | null, w: IdWindow, onlyMedia = false): Promise<StatusRow[]> {
  return statusPage(ctx, viewer, await publicTimelineIds(ctx.db, w, onlyMedia, await hiddenAuthorsFor(ctx)), w);
}
