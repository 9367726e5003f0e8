import type { Context } from '../../app/context.js';
import { transaction } from '../../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../../audit/record-operator-act.js';
import { getScheduled } from './get-scheduled.js';
import { checkScheduledAt } from './scheduled-at.js';
import { type ScheduledRow, setScheduledAt } from './scheduled.repository.js';

/** PUT /api/v1/scheduled_statuses/:id: a new time for the caller's own scheduled status. */
export async function rescheduleStatus(ctx: Context, caller: ActingCaller, input: { id: number; scheduledAt: string }): Promise<ScheduledRow> {
  await getScheduled(ctx, caller.account, input.id);
  const at = checkScheduledAt(ctx.clock, input.scheduledAt);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await setScheduledAt(trx, input.id, at);
    await recordOperatorAct(trx, caller, { action: 'status.reschedule', subjectType: 'scheduled_status', subjectId: input.id }, now);
    return row;
  });
}
