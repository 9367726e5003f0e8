import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../db/database.js';

/** A count per UTC day (YYYY-MM-DD). */
export type DayCounts = Map<string, number>;

function toMap(rows: { day: string; n: number | string }[]): DayCounts {
  return new Map(rows.map((r) => [r.day, Number(r.n)]));
}

/** Accounts opened per day within [start, end). */
export async function newAccountsByDay(db: Executor, start: string, end: string): Promise<DayCounts> {
  const { rows } = await sql<{ day: string; n: number }>`
    select substr(created_at, 1, 10) as day, count(*) as n from accounts
    where created_at >= ${start} and created_at < ${end} and domain is null group by substr(created_at, 1, 10)`.execute(db);
  return toMap(rows);
}

/** (account, day) of every local account that posted, favourited or followed within [start, end) (other servers' accounts are active there). */
export async function actingDays(db: Executor, start: string, end: string): Promise<{ account_id: number; day: string }[]> {
  const { rows } = await sql<{ account_id: number; day: string }>`
    select acts.account_id, acts.day from (
      select account_id, substr(created_at, 1, 10) as day from statuses where created_at >= ${start} and created_at < ${end}
      union
      select account_id, substr(created_at, 1, 10) as day from favourites where created_at >= ${start} and created_at < ${end}
      union
      select account_id, substr(created_at, 1, 10) as day from follows where created_at >= ${start} and created_at < ${end}
    ) acts join accounts on accounts.id = acts.account_id where accounts.domain is null`.execute(db);
  return rows.map((r) => ({ account_id: Number(r.account_id), day: r.day }));
}

/** Replies, favourites and reblogs received per day within [startDay, endDay] (the daily counters). */
export async function interactionsByDay(db: Executor, startDay: string, endDay: string): Promise<DayCounts> {
  const { rows } = await sql<{ day: string; n: number }>`
    select day, sum(replies_received + favourites_received + reblogs_received) as n from account_daily_stats
    where day >= ${startDay} and day <= ${endDay} group by day`.execute(db);
  return toMap(rows);
}

/** Uses of a hashtag per day within [start, end): statuses carrying it, and distinct accounts posting them. */
export async function tagUseByDay(db: Executor, tagId: number, start: string, end: string): Promise<{ day: string; uses: number; accounts: number }[]> {
  const { rows } = await sql<{ day: string; uses: number; accounts: number }>`
    select substr(s.created_at, 1, 10) as day, count(*) as uses, count(distinct s.account_id) as accounts
    from status_tags st join statuses s on s.id = st.status_id
    where st.tag_id = ${tagId} and s.deleted_at is null and s.created_at >= ${start} and s.created_at < ${end}
    group by substr(s.created_at, 1, 10)`.execute(db);
  return rows.map((r) => ({ day: r.day, uses: Number(r.uses), accounts: Number(r.accounts) }));
}

export async function tagExists(db: Executor, tagId: number): Promise<boolean> {
  return !!(await db.selectFrom('tags').select('id').where('id', '=', tagId).executeTakeFirst());
}

/** Distinct accounts that used the hashtag within [start, end). */
export async function tagAccountsBetween(db: Executor, tagId: number, start: string, end: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct s.account_id) as n from status_tags st join statuses s on s.id = st.status_id
    where st.tag_id = ${tagId} and s.deleted_at is null and s.created_at >= ${start} and s.created_at < ${end}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Languages of the statuses with the hashtag within [start, end), most used first (`und` for none). */
export async function tagLanguages(db: Executor, tagId: number, start: string, end: string, limit: number): Promise<{ language: string; n: number }[]> {
  const { rows } = await sql<{ language: string; n: number }>`
    select coalesce(s.language, 'und') as language, count(*) as n from status_tags st join statuses s on s.id = st.status_id
    where st.tag_id = ${tagId} and s.deleted_at is null and s.created_at >= ${start} and s.created_at < ${end}
    group by coalesce(s.language, 'und') order by count(*) desc, coalesce(s.language, 'und') limit ${limit}`.execute(db);
  return rows.map((r) => ({ language: r.language, n: Number(r.n) }));
}

/** Local statuses posted within [start, end) (a remote one has its own ActivityPub id). */
export async function statusesBetween(db: Executor, start: string, end: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from statuses where created_at >= ${start} and created_at < ${end} and uri is null`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Local accounts opened within [start, end), with when they were opened and last posted. */
export async function accountsOpenedBetween(db: Executor, start: string, end: string): Promise<{ id: number; created_at: string; last_status_at: string | null }[]> {
  const rows = await db.selectFrom('accounts').select(['id', 'created_at', 'last_status_at']).where('created_at', '>=', start).where('created_at', '<', end).where('domain', 'is', null).execute();
  return rows.map((r) => ({ id: Number(r.id), created_at: r.created_at, last_status_at: r.last_status_at }));
}

/** The columns of a table, empty when there is no such table (features whose tables may not be there yet). */
export async function columnsOf(db: Executor, table: string): Promise<Set<string>> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ name: string }>`
      select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(db);
    return new Set(rows.map((r) => r.name));
  }
  const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return new Set(rows.map((r) => r.name));
}

/**
 * Reports per day by one of their time columns (`created_at`: opened,
 * `action_taken_at`: resolved) within [start, end). The reports table is
 * another feature's; the caller checks it exists (columnsOf) first.
 */
export async function reportsByDay(db: Executor, column: 'created_at' | 'action_taken_at', start: string, end: string): Promise<DayCounts> {
  const col = sql.ref(column);
  const { rows } = await sql<{ day: string; n: number }>`
    select substr(${col}, 1, 10) as day, count(*) as n from ${sql.table('reports')}
    where ${col} >= ${start} and ${col} < ${end} group by substr(${col}, 1, 10)`.execute(db);
  return toMap(rows);
}

/** The database's version, for the software_versions dimension. */
export async function databaseVersion(db: Executor): Promise<{ key: string; name: string; version: string }> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const { rows } = await sql<{ v: string }>`show server_version`.execute(db);
    return { key: 'postgresql', name: 'PostgreSQL', version: (rows[0]?.v ?? '').split(' ')[0] ?? '' };
  }
  const { rows } = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
  return { key: 'sqlite', name: 'SQLite', version: rows[0]?.v ?? '' };
}
