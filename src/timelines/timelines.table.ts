import type { Generated } from 'kysely';

/**
 * The home feed, written on post (fan-out on write) for authors with fewer
 * followers than the fan-out threshold; larger authors' statuses are merged
 * in on read instead.
 */
export interface FeedsTable {
  account_id: number;
  status_id: number;
  /** The account whose status (or reblog) put it here. */
  author_id: number;
}

/**
 * Direct-message conversations as Mastodon keeps them: one row per account,
 * thread and set of participants (the sender and the accounts mentioned), so
 * that two people who each write to a third under one post never share one.
 */
export interface AccountConversationsTable {
  id: Generated<number>;
  account_id: number;
  /** The thread (statuses.conversation_id) the messages belong to. */
  conversation_id: number;
  /** The other participants' ids, sorted and comma-joined; empty for a message to no one. */
  participant_ids: string;
  last_status_id: number;
  /** 0/1 */
  unread: number;
}
