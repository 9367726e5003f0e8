import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { getStatus } from '../statuses/get-status.js';
import { favouritersOf } from './favourites.repository.js';
import { excludedAccountIds, exclusionsFor } from './exclusions.js';

/** GET /api/v1/statuses/:id/favourited_by: who favourited a status the viewer may see, latest first, less those the viewer blocks, mutes or is blocked by. */
export async function listFavouritedBy(ctx: Context, viewer: AccountRow | null, input: { statusId: number; limit: number }): Promise<AccountRow[]> {
  const s = await getStatus(ctx, viewer, input.statusId);
  const excluded = excludedAccountIds(await exclusionsFor(ctx, viewer ? Number(viewer.id) : null), ctx.clock.now().getTime());
  return favouritersOf(ctx.db, Number(s.id), input.limit, excluded);
}
