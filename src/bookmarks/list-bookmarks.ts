import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { type KeptStatus, keptStatuses } from './bookmarks.repository.js';

/** A page of kept statuses in the page's order: each with its mark's id, for the Link header. */
export interface KeptPage {
  marks: KeptStatus[];
  statuses: StatusRow[];
}

/** The statuses of a page of marks, in its order (through the cache). */
export async function keptPage(ctx: Context, marks: KeptStatus[]): Promise<KeptPage> {
  const byId = new Map((await loadStatuses(ctx, marks.map((m) => m.statusId))).map((s) => [Number(s.id), s]));
  const kept = marks.filter((m) => byId.has(m.statusId));
  return { marks: kept, statuses: kept.map((m) => byId.get(m.statusId) as StatusRow) };
}

/** GET /api/v1/bookmarks: the reader's bookmarks that they may still see, latest bookmark first. */
export async function listBookmarks(ctx: Context, viewer: AccountRow, w: IdWindow): Promise<KeptPage> {
  return keptPage(ctx, await keptStatuses(ctx.db, 'bookmarks', viewer, w));
}
