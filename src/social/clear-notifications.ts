import type { Context } from '../app/context.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { dismissAllNotifications } from './notifications.repository.js';

/** POST /api/v1/notifications/clear: every notification of the caller is dismissed. */
export async function clearNotifications(ctx: Context, caller: ActingCaller): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await dismissAllNotifications(trx, Number(caller.account.id), now);
    await recordOperatorAct(trx, caller, { action: 'notifications.clear', subjectType: 'account', subjectId: Number(caller.account.id) }, now);
  });
}
