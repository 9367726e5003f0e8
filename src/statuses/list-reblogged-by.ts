import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { getStatus } from './get-status.js';
import { rebloggersOf } from './statuses.repository.js';
import { excludedAccountIds, exclusionsFor } from '../social/exclusions.js';

/** GET /api/v1/statuses/:id/reblogged_by: who reblogged a status the viewer may see, latest first, less those the viewer blocks, mutes or is blocked by. */
export async function listRebloggedBy(ctx: Context, viewer: AccountRow | null, input: { id: number; limit: number }): Promise<AccountRow[]> {
  const status = await getStatus(ctx, viewer, input.id);
  const excluded = excludedAccountIds(await exclusionsFor(ctx, viewer ? Number(viewer.id) : null), ctx.clock.now().getTime());
  return rebloggersOf(ctx.db, Number(status.id), input.limit, excluded);
}
