import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { deleteConversation } from './conversations.repository.js';

/** DELETE /api/v1/conversations/:id: the caller's conversation removed (404 for anyone else's); an operator's act is audited. */
export async function removeConversation(ctx: Context, caller: ActingCaller, id: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if (!(await deleteConversation(trx, Number(caller.account.id), id))) throw notFound('Conversation');
    await recordOperatorAct(trx, caller, { action: 'conversation.remove', subjectType: 'conversation', subjectId: id }, now);
  });
}
