import type { Executor } from '../db/database.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/** A direct status moves its conversation to the top for every party, unread for all but its author. */
export async function recordConversation(db: Executor, status: StatusRow, mentionedIds: readonly number[]): Promise<void> {
  const conversationId = Number(status.conversation_id ?? status.id);
  const authorId = Number(status.account_id);
  const members = await db.selectFrom('conversation_members').select('account_id').where('conversation_id', '=', conversationId).execute();
  const everyone = new Set<number>([authorId, ...mentionedIds, ...members.map((m) => Number(m.account_id))]);
  for (const accountId of everyone) {
    const unread = accountId === authorId ? 0 : 1;
    await db
      .insertInto('conversation_members')
      .values({ conversation_id: conversationId, account_id: accountId, last_status_id: Number(status.id), unread })
      .onConflict((oc) => oc.columns(['conversation_id', 'account_id']).doUpdateSet({ last_status_id: Number(status.id), unread }))
      .execute();
  }
}
