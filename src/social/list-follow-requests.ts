import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { pageFollowRequests } from './follows.repository.js';

/** GET /api/v1/follow_requests: the accounts that asked to follow the viewer, newest request first, paged by the request's id. */
export async function listFollowRequests(ctx: Context, viewer: AccountRow, page: IdWindow) {
  return pageFollowRequests(ctx.db, Number(viewer.id), page);
}
