import type { Context } from '../../app/context.js';
import { transaction } from '../../app/transaction.js';
import { recordOperatorAct } from '../../audit/record-operator-act.js';
import type { CheckedStatus, Poster } from '../create-status.js';
import { checkScheduledAt } from './scheduled-at.js';
import { type ScheduledRow, insertScheduled } from './scheduled.repository.js';

/** POST /api/v1/statuses with `scheduled_at`: keeps the status; the scheduler posts it as its author (and operator) when due. */
export async function scheduleStatus(ctx: Context, caller: Poster, input: { status: CheckedStatus; scheduledAt: string }): Promise<ScheduledRow> {
  const at = checkScheduledAt(ctx.clock, input.scheduledAt);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await insertScheduled(trx, {
      account_id: caller.account.id,
      operator_id: caller.operator ? Number(caller.operator.id) : null,
      params: JSON.stringify({ ...input.status, appName: caller.appName ?? null }),
      scheduled_at: at,
      created_at: now,
    });
    await recordOperatorAct(trx, caller, { action: 'status.schedule', subjectType: 'scheduled_status', subjectId: Number(row.id) }, now);
    return row;
  });
}
