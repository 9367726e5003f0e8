import type { Executor } from '../db/database.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { publishAfterCommit } from '../streaming/streaming.js';

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
export async function recordConversation(db: Executor, status: StatusRow, mentionedIds: readonly number[], excluding: ReadonlySet<number> = new Set()): Promise<void> {
  const authorId = Number(status.account_id);
  const conversationId = Number(status.conversation_id ?? status.id);
  const everyone = [...new Set([authorId, ...mentionedIds])];
  // Those who block or mute the sender keep their conversations as they were (their home and notifications skip it too).
  const reached = everyone.filter((id) => id === authorId || !excluding.has(id));
  // One statement for every participant reached: unread for all but the sender.
  await db
    .insertInto('account_conversations')
    .values(
      reached.map((accountId) => ({
        account_id: accountId,
        conversation_id: conversationId,
        participant_ids: participantKey(everyone, accountId),
        last_status_id: Number(status.id),
        unread: accountId === authorId ? 0 : 1,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'conversation_id', 'participant_ids']).doUpdateSet((eb) => ({ last_status_id: eb.ref('excluded.last_status_id'), unread: eb.ref('excluded.unread') })),
    )
    .execute();
  // Each participant's direct stream gets the conversation as they see it (Mastodon's AccountConversation push).
  publishAfterCommit(db, { t: 'conversation', status: Number(status.id), accounts: reached });
}

/** One account's view of a conversation. */
export type ConversationRow = { id: number; account_id: number; participant_ids: string; last_status_id: number; unread: number };

const CONVERSATION_COLUMNS = ['id', 'account_id', 'participant_ids', 'last_status_id', 'unread'] as const;

/** The account's conversations in Mastodon's window over their last status, in the order read (min_id: oldest first). */
export async function listConversationRows(db: Executor, accountId: number, w: IdWindow): Promise<ConversationRow[]> {
  let q = db.selectFrom('account_conversations').select(CONVERSATION_COLUMNS).where('account_id', '=', accountId);
  if (w.maxId !== undefined) q = q.where('last_status_id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('last_status_id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('last_status_id', '>', w.minId);
  return q.orderBy('last_status_id', w.minId !== undefined ? 'asc' : 'desc').orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
}

/** Marks the account's conversation read; undefined when it has none by that id. */
export async function markConversationRead(db: Executor, accountId: number, id: number, unread = false): Promise<ConversationRow | undefined> {
  return db.updateTable('account_conversations').set({ unread: unread ? 1 : 0 }).where('id', '=', id).where('account_id', '=', accountId).returning(CONVERSATION_COLUMNS).executeTakeFirst();
}

/** Removes the account's conversation; false when it has none by that id. */
export async function deleteConversation(db: Executor, accountId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('account_conversations').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The conversation rows a status is now the last of, for these accounts (one query for all participants). */
export async function conversationRowsWithLast(db: Executor, statusId: number, accountIds: readonly number[]): Promise<ConversationRow[]> {
  if (accountIds.length === 0) return [];
  return db.selectFrom('account_conversations').select(CONVERSATION_COLUMNS).where('last_status_id', '=', statusId).where('account_id', 'in', [...accountIds]).execute();
}
