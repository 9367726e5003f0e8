import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

/*
 * What the admin dashboard reads of sign-ins (the oauth tables stay this
 * feature's). A sign-in is a token granted to the account, or the browser
 * it signed in from seen again (known_devices); tokens do not record each
 * use, so these are the provider's nearest to Mastodon's sign-in times.
 */

/** (account, UTC day) of every sign-in within [start, end). */
export async function signInDays(db: Executor, start: string, end: string): Promise<{ account_id: number; day: string }[]> {
  const { rows } = await sql<{ account_id: number; day: string }>`
    select account_id, substr(created_at, 1, 10) as day from oauth_tokens
      where account_id is not null and created_at >= ${start} and created_at < ${end}
    union
    select account_id, substr(last_used_at, 1, 10) as day from known_devices
      where last_used_at >= ${start} and last_used_at < ${end}`.execute(db);
  return rows.map((r) => ({ account_id: Number(r.account_id), day: r.day }));
}

/** Locales of the accounts that signed in within [start, end), most common first. */
export async function localesSeen(db: Executor, start: string, end: string, limit: number): Promise<{ locale: string; n: number }[]> {
  const { rows } = await sql<{ locale: string; n: number }>`
    select a.locale as locale, count(*) as n from accounts a
    where a.id in (
      select account_id from oauth_tokens where account_id is not null and created_at >= ${start} and created_at < ${end}
      union
      select account_id from known_devices where last_used_at >= ${start} and last_used_at < ${end})
    group by a.locale order by count(*) desc, a.locale limit ${limit}`.execute(db);
  return rows.map((r) => ({ locale: r.locale, n: Number(r.n) }));
}

/** Accounts opened within [start, end) by the app of their first token (null: none, e.g. made by an admin), most common first. */
export async function signUpSources(db: Executor, start: string, end: string, limit: number): Promise<{ app: string | null; n: number }[]> {
  const { rows } = await sql<{ app: string | null; n: number }>`
    select src.app as app, count(*) as n from (
      select (select p.name from oauth_tokens t join oauth_apps p on p.id = t.app_id
              where t.account_id = a.id order by t.id limit 1) as app
      from accounts a where a.created_at >= ${start} and a.created_at < ${end}
    ) src group by src.app order by count(*) desc limit ${limit}`.execute(db);
  return rows.map((r) => ({ app: r.app, n: Number(r.n) }));
}

/** The last sign-in of each of these accounts (absent: none recorded). */
export async function lastSignInOf(db: Executor, accountIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const keep = (id: unknown, at: unknown) => {
    if (id === null || at === null) return;
    const prev = out.get(Number(id));
    if (prev === undefined || String(at) > prev) out.set(Number(id), String(at));
  };
  for (let i = 0; i < accountIds.length; i += 900) {
    const ids = accountIds.slice(i, i + 900);
    const tokens = await db.selectFrom('oauth_tokens').select(['account_id', (eb) => eb.fn.max('created_at').as('at')]).where('account_id', 'in', ids).groupBy('account_id').execute();
    for (const r of tokens) keep(r.account_id, r.at);
    const devices = await db.selectFrom('known_devices').select(['account_id', (eb) => eb.fn.max('last_used_at').as('at')]).where('account_id', 'in', ids).groupBy('account_id').execute();
    for (const r of devices) keep(r.account_id, r.at);
  }
  return out;
}
