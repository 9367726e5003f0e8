import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { type ConversationRow, markConversationRead } from './conversations.repository.js';

/**
 * POST /api/v1/conversations/:id/read (and `/unread`, `unread: true`): the
 * caller's conversation marked read or unread again (404 for anyone else's);
 * an operator's act is audited.
 */
export async function readConversation(ctx: Context, caller: ActingCaller, id: number, unread = false): Promise<ConversationRow> {
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await markConversationRead(trx, Number(caller.account.id), id, unread);
    if (!row) throw notFound('Conversation');
    await recordOperatorAct(trx, caller, { action: unread ? 'conversation.unread' : 'conversation.read', subjectType: 'conversation', subjectId: id }, now);
    return row;
  });
}
