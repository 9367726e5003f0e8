import type { Context } from '../../app/context.js';
import { transaction } from '../../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../../audit/record-operator-act.js';
import { getScheduled } from './get-scheduled.js';
import { deleteScheduled } from './scheduled.repository.js';

/** DELETE /api/v1/scheduled_statuses/:id: the caller's own, never posted. */
export async function cancelScheduled(ctx: Context, caller: ActingCaller, id: number): Promise<void> {
  await getScheduled(ctx, caller.account, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteScheduled(trx, id);
    await recordOperatorAct(trx, caller, { action: 'status.unschedule', subjectType: 'scheduled_status', subjectId: id }, now);
  });
}
