import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { getStatus } from '../statuses/get-status.js';
import { favouritersOf } from './favourites.repository.js';

/** GET /api/v1/statuses/:id/favourited_by: who favourited a status the viewer may see, latest first. */
export async function listFavouritedBy(ctx: Context, viewer: AccountRow | null, input: { statusId: number; limit: number }): Promise<AccountRow[]> {
  const s = await getStatus(ctx, viewer, input.statusId);
  return favouritersOf(ctx.db, Number(s.id), input.limit);
}
