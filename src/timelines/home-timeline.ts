import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { filteredStatusPage } from '../filters/filtered-page.js';
import { homeTimelineIds } from './timelines.repository.js';

/** GET /api/v1/timelines/home: the viewer's feed merged with the very large accounts they follow, newest first. */
export async function homeTimeline(ctx: Context, viewer: AccountRow, w: IdWindow): Promise<StatusRow[]> {
  return filteredStatusPage(ctx, viewer, 'home', (window) => homeTimelineIds(ctx.db, Number(viewer.id), window), w);
}
