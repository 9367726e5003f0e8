import type { Generated } from 'kysely';

/** A poll on a status (Mastodon's Poll): its options, the votes each has had, and when it ends. */
export interface PollsTable {
  id: Generated<number>;
  status_id: number;
  /** The status's author: who may not vote, and who is told when it ends. */
  account_id: number;
  /** JSON array of the option titles, in order. */
  options: string;
  /** JSON array of the votes each option has had (Mastodon's cached_tallies). */
  tallies: string;
  /** 0/1: a voter may choose several options. */
  multiple: number;
  /** 0/1: the counts per option are hidden until it ends (from all but the author). */
  hide_totals: number;
  votes_count: Generated<number>;
  voters_count: Generated<number>;
  expires_at: string;
  created_at: string;
  updated_at: string;
}

/** One choice of one voter. */
export interface PollVotesTable {
  id: Generated<number>;
  poll_id: number;
  account_id: number;
  /** The option's index. */
  choice: number;
  created_at: string;
}
