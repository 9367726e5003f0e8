import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { saveNote } from './discovery.repository.js';

/** POST /api/v1/accounts/:id/note: the caller's private note on an account; an empty comment removes it. */
export async function setNote(ctx: Context, caller: ActingCaller, targetId: number, comment: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const target = await findAccountById(trx, targetId);
    if (!target || target.closed_at) throw notFound('Account');
    await saveNote(trx, Number(caller.account.id), targetId, comment, now);
    // The note's text stays out of the organ's log: the log records that an operator wrote one.
    await recordOperatorAct(trx, caller, { action: 'account.note', subjectType: 'account', subjectId: targetId }, now);
  });
}
