import type { Context } from '../../app/context.js';
import type { AccountRow } from '../../accounts/accounts.repository.js';
import { getScheduled } from './get-scheduled.js';
import { deleteScheduled } from './scheduled.repository.js';

/** DELETE /api/v1/scheduled_statuses/:id: the caller's own, never posted. */
export async function cancelScheduled(ctx: Context, caller: AccountRow, id: number): Promise<void> {
  await getScheduled(ctx, caller, id);
  await deleteScheduled(ctx.db, id);
}
