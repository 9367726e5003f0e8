import type { Executor } from '../db/database.js';
import type { StatusRow } from '../statuses/statuses.repository.js';

/** The participants other than `accountId`, as stored: sorted ids, comma-joined. */
export function participantKey(everyone: Iterable<number>, accountId: number): string {
  return [...new Set(everyone)]
    .filter((id) => id !== accountId)
    .sort((a, b) => a - b)
    .join(',');
}

export function participantIds(key: string): number[] {
  return key === '' ? [] : key.split(',').map(Number);
}

/**
 * A direct status joins, for its sender and each account it mentions (no one
 * else), the conversation of that thread with exactly those participants,
 * moving it to the top: unread for all but the sender (Mastodon's
 * AccountConversation.add_status).
 */
export async function recordConversation(db: Executor, status: StatusRow, mentionedIds: readonly number[]): Promise<void> {
  const authorId = Number(status.account_id);
  const conversationId = Number(status.conversation_id ?? status.id);
  const everyone = [...new Set([authorId, ...mentionedIds])];
  for (const accountId of everyone) {
    const unread = accountId === authorId ? 0 : 1;
    await db
      .insertInto('account_conversations')
      .values({ account_id: accountId, conversation_id: conversationId, participant_ids: participantKey(everyone, accountId), last_status_id: Number(status.id), unread })
      .onConflict((oc) => oc.columns(['account_id', 'conversation_id', 'participant_ids']).doUpdateSet({ last_status_id: Number(status.id), unread }))
      .execute();
  }
}
