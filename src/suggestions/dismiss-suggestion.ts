import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { insertDismissal } from './discovery.repository.js';

/** DELETE /api/v1/suggestions/:account_id: that account is not suggested to the caller again. */
export async function dismissSuggestion(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const target = await findAccountById(trx, targetId);
    if (!target) throw notFound('Account');
    await insertDismissal(trx, Number(caller.account.id), targetId, now);
    await recordOperatorAct(trx, caller, { action: 'suggestion.dismiss', subjectType: 'account', subjectId: targetId }, now);
  });
}
