import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { keptStatuses } from '../bookmarks/bookmarks.repository.js';
import { type KeptPage, keptPage } from '../bookmarks/list-bookmarks.js';
import type { IdWindow } from '../statuses/statuses.repository.js';

/** GET /api/v1/favourites: the reader's favourites that they may still see, latest favourite first. */
export async function listFavourites(ctx: Context, viewer: AccountRow, w: IdWindow): Promise<KeptPage> {
  return keptPage(ctx, await keptStatuses(ctx.db, 'favourites', viewer, w));
}
