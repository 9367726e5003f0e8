import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { deletePin } from './discovery.repository.js';

/** POST /api/v1/accounts/:id/unendorse (and …/unpin): idempotent. */
export async function unendorse(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const target = await findAccountById(trx, targetId);
    if (!target || target.closed_at) throw notFound('Account');
    await deletePin(trx, Number(caller.account.id), targetId);
    await recordOperatorAct(trx, caller, { action: 'account.unendorse', subjectType: 'account', subjectId: targetId }, now);
  });
}
