import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

export type DailyCounter = 'followers_gained' | 'followers_lost' | 'posts' | 'replies_received' | 'favourites_received' | 'reblogs_received';

/** Adds `by` to one of an account's counters for the day of `at` (UTC); one upsert, same in both dialects. */
export async function bumpDaily(db: Executor, accountId: number, at: string, counter: DailyCounter, by = 1): Promise<void> {
  const day = at.slice(0, 10);
  await db
    .insertInto('account_daily_stats')
    .values({
      account_id: accountId,
      day,
      followers_gained: 0,
      followers_lost: 0,
      posts: 0,
      replies_received: 0,
      favourites_received: 0,
      reblogs_received: 0,
      [counter]: by,
    })
    .onConflict((oc) => oc.columns(['account_id', 'day']).doUpdateSet({ [counter]: sql`account_daily_stats.${sql.ref(counter)} + ${by}` }))
    .execute();
}
