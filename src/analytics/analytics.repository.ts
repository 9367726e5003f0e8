import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DailyRow } from './daily-series.js';

/** The stored counters of an account from `from` to `to` (YYYY-MM-DD, both included). */
export async function dailyStatsBetween(db: Executor, accountId: number, from: string, to: string): Promise<DailyRow[]> {
  return db
    .selectFrom('account_daily_stats')
    .select(['day', 'followers_gained', 'followers_lost', 'posts', 'replies_received', 'favourites_received', 'reblogs_received'])
    .where('account_id', '=', accountId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

/** Followers gained minus lost on every day after `day`: the bridge from today's count back to that day's. */
export async function followerNetAfter(db: Executor, accountId: number, day: string): Promise<number> {
  const row = await db
    .selectFrom('account_daily_stats')
    .select(sql<number | string | null>`sum(followers_gained - followers_lost)`.as('net'))
    .where('account_id', '=', accountId)
    .where('day', '>', day)
    .executeTakeFirst();
  return Number(row?.net ?? 0);
}
