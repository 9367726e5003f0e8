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

/** Direct-message conversations, one row per participant. */
export interface ConversationMembersTable {
  conversation_id: number;
  account_id: number;
  last_status_id: number;
  /** 0/1 */
  unread: number;
}
