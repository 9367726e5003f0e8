import type { Generated } from 'kysely';

export const REPLIES_POLICIES = ['followed', 'list', 'none'] as const;
/** Which replies a list shows: to anyone its owner follows, to its members only, or none (self-replies and replies to the owner always). */
export type RepliesPolicy = (typeof REPLIES_POLICIES)[number];

/** An account's list of accounts it follows, read as a timeline of their statuses (Mastodon's List). */
export interface ListsTable {
  id: Generated<number>;
  /** Its owner: the only one who sees or edits it. */
  account_id: number;
  title: string;
  replies_policy: RepliesPolicy;
  /** 0/1: the members' statuses stay out of the owner's home timeline. */
  exclusive: number;
  created_at: string;
  updated_at: string;
}

/** A member of a list: an account the list's owner follows (unfollowing removes it). */
export interface ListAccountsTable {
  id: Generated<number>;
  list_id: number;
  account_id: number;
  created_at: string;
}
