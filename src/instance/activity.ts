import type { Context } from '../app/context.js';
import type { Executor } from '../db/database.js';
import { accountGrantsSince } from '../oauth/oauth.repository.js';

const WEEK = 7 * 86_400_000;

/** The Monday 00:00 UTC that begins the week of `t` (Mastodon's beginning_of_week). */
export function weekStart(t: Date): number {
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  return day - ((new Date(day).getUTCDay() + 6) % 7) * 86_400_000;
}

async function countByWeek(db: Executor, table: 'statuses' | 'accounts', since: string): Promise<string[]> {
  // Local ones only: a remote status has an ActivityPub id, a remote account a domain.
  const rows =
    table === 'statuses'
      ? await db.selectFrom('statuses').select('created_at').where('created_at', '>=', since).where('uri', 'is', null).execute()
      : await db.selectFrom('accounts').select('created_at').where('created_at', '>=', since).where('domain', 'is', null).execute();
  return rows.map((r) => r.created_at);
}

/**
 * GET /api/v1/instance/activity: the last 12 weeks, this one first, each
 * with the statuses posted (deleted ones too: they were posted), the
 * accounts that signed in (distinct accounts granted a token that week: a
 * password or authorization-code sign-in, an app's refresh counts again) and
 * the accounts opened. Mastodon counts from Redis as they happen; this reads
 * the tables, which hold the same facts.
 */
export async function instanceActivity(ctx: Context): Promise<{ week: string; statuses: string; logins: string; registrations: string }[]> {
  const first = weekStart(ctx.clock.now()) - 11 * WEEK;
  const since = new Date(first).toISOString();
  const index = (iso: string) => Math.floor((Date.parse(iso) - first) / WEEK);
  const [statuses, accounts, tokens] = await Promise.all([
    countByWeek(ctx.db, 'statuses', since),
    countByWeek(ctx.db, 'accounts', since),
    accountGrantsSince(ctx.db, since),
  ]);
  const weeks = Array.from({ length: 12 }, () => ({ statuses: 0, logins: new Set<number>(), registrations: 0 }));
  for (const at of statuses) {
    const w = weeks[index(at)];
    if (w) w.statuses += 1;
  }
  for (const at of accounts) {
    const w = weeks[index(at)];
    if (w) w.registrations += 1;
  }
  for (const t of tokens) weeks[index(t.created_at)]?.logins.add(Number(t.account_id));
  return weeks
    .map((w, i) => ({ week: String((first + i * WEEK) / 1000), statuses: String(w.statuses), logins: String(w.logins.size), registrations: String(w.registrations) }))
    .reverse();
}
