import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { exclusionsFor } from '../social/exclusions.js';
import { homeTimelineIds } from './timelines.repository.js';

/**
 * GET /api/v1/timelines/home: the viewer's feed merged with the very large
 * accounts they follow, newest first. Blocks and mutes cost the read path
 * almost nothing: the feed half is filtered on write (fan-out skips, rows
 * removed on block/mute), and the page is filtered in memory against the
 * reader's cached exclusions (for the merged half and reblogs), refilled to
 * stay full, together with the viewer's `home` filters that hide; a reader
 * with neither pays one cache lookup.
 */
export async function homeTimeline(ctx: Context, viewer: AccountRow, w: IdWindow): Promise<StatusRow[]> {
  const me = Number(viewer.id);
  return filteredStatusPage(ctx, viewer, 'home', (window) => homeTimelineIds(ctx.db, me, window), w, await exclusionsFor(ctx, me));
}
