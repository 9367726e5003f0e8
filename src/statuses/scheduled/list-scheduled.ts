import type { Context } from '../../app/context.js';
import type { AccountRow } from '../../accounts/accounts.repository.js';
import { type ScheduledRow, scheduledOf } from './scheduled.repository.js';

/** GET /api/v1/scheduled_statuses: the caller's own, newest first. */
export async function listScheduled(ctx: Context, caller: AccountRow, page: { maxId?: number | undefined; limit: number }): Promise<ScheduledRow[]> {
  return scheduledOf(ctx.db, Number(caller.id), page);
}
