import type { Context } from '../../app/context.js';
import type { AccountRow } from '../../accounts/accounts.repository.js';
import { getScheduled } from './get-scheduled.js';
import { checkScheduledAt } from './scheduled-at.js';
import { type ScheduledRow, setScheduledAt } from './scheduled.repository.js';

/** PUT /api/v1/scheduled_statuses/:id: a new time for the caller's own scheduled status. */
export async function rescheduleStatus(ctx: Context, caller: AccountRow, input: { id: number; scheduledAt: string }): Promise<ScheduledRow> {
  await getScheduled(ctx, caller, input.id);
  return setScheduledAt(ctx.db, input.id, checkScheduledAt(ctx.clock, input.scheduledAt));
}
