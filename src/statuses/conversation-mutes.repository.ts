import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import type { StatusRow } from './statuses.repository.js';

/** The thread a status belongs to: its conversation, or itself when it starts one that has not been recorded. */
export function threadOf(s: Pick<StatusRow, 'id' | 'conversation_id'>): number {
  return Number(s.conversation_id ?? s.id);
}

/** Mutes the thread for the account; true when it was not muted before. */
export async function insertConversationMute(db: Executor, accountId: number, conversationId: number, at: string): Promise<boolean> {
  const res = await db
    .insertInto('conversation_mutes')
    .values({ account_id: accountId, conversation_id: conversationId, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'conversation_id']).doNothing())
    .executeTakeFirst();
  const added = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  if (added) await db.updateTable('accounts').set((eb) => ({ muted_conversations: eb('muted_conversations', '+', 1) })).where('id', '=', accountId).execute();
  // The row counts its muted threads: who reads it (a login) must read it again.
  if (added) changed(db, 'accounts', [accountId]);
  return added;
}

/** True when there was a mute to remove. */
export async function deleteConversationMute(db: Executor, accountId: number, conversationId: number): Promise<boolean> {
  const res = await db.deleteFrom('conversation_mutes').where('account_id', '=', accountId).where('conversation_id', '=', conversationId).executeTakeFirst();
  const removed = Number(res.numDeletedRows) > 0;
  if (removed) await db.updateTable('accounts').set((eb) => ({ muted_conversations: eb('muted_conversations', '-', 1) })).where('id', '=', accountId).execute();
  if (removed) changed(db, 'accounts', [accountId]);
  return removed;
}

/**
 * Of these (recipient, status) pairs, the ones whose recipient muted the
 * status's thread (for a reblog, the original's), as `recipient:status` keys:
 * one query for the whole batch.
 */
export async function pairsInMutedThreads(db: Executor, pairs: readonly { accountId: number; statusId: number }[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (pairs.length === 0) return out;
  const accounts = sql.join([...new Set(pairs.map((p) => p.accountId))]);
  const statuses = sql.join([...new Set(pairs.map((p) => p.statusId))]);
  const { rows } = await sql<{ account_id: number; status_id: number }>`
    select m.account_id as account_id, s.id as status_id from conversation_mutes m
      join statuses s on s.id in (${statuses})
      left join statuses o on o.id = s.reblog_of_id
      where m.account_id in (${accounts}) and m.conversation_id = coalesce(o.conversation_id, o.id, s.conversation_id, s.id)`.execute(db);
  for (const r of rows) out.add(`${Number(r.account_id)}:${Number(r.status_id)}`);
  return out;
}
