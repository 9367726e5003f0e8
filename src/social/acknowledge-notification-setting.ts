import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';

/**
 * A call that changes nothing here because govblog filters no notification
 * (setting the policy to accept-all, accepting or dismissing requests that
 * cannot exist). An operator's call is still recorded in the organ's audit
 * log, as every act through an operator's token is.
 */
export async function acknowledgeNotificationSetting(ctx: Context, caller: ActingCaller, action: string): Promise<void> {
  if (!caller.operator) return;
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, (trx) => recordOperatorAct(trx, caller, { action, subjectType: 'account', subjectId: Number(caller.account.id) }, now));
}
