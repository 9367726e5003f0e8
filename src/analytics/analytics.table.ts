/** Per-account daily counters, incremented by the acts they count (follows, posts, replies…). */
export interface AccountDailyStatsTable {
  account_id: number;
  /** YYYY-MM-DD, UTC. */
  day: string;
  followers_gained: number;
  followers_lost: number;
  posts: number;
  replies_received: number;
  favourites_received: number;
  reblogs_received: number;
}
