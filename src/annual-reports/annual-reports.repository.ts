import { type Selectable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { AnnualReportsTable } from './annual-reports.table.js';

export type AnnualReportRow = Selectable<AnnualReportsTable>;

export async function findAnnualReport(db: Executor, accountId: number, year: number): Promise<AnnualReportRow | undefined> {
  return db.selectFrom('annual_reports').selectAll().where('account_id', '=', accountId).where('year', '=', year).executeTakeFirst();
}

export async function findAnnualReportById(db: Executor, id: number): Promise<AnnualReportRow | undefined> {
  return db.selectFrom('annual_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Generated reports the account has not read yet, newest year first. */
export async function unreadAnnualReports(db: Executor, accountId: number): Promise<AnnualReportRow[]> {
  return db.selectFrom('annual_reports').selectAll().where('account_id', '=', accountId).where('data', 'is not', null).where('viewed_at', 'is', null).orderBy('year', 'desc').execute();
}

/** Claims the (account, year) for generation; false when a report is already there or on its way. */
export async function claimAnnualReport(db: Executor, row: { account_id: number; year: number; schema_version: number; share_key: string; created_at: string }): Promise<number | null> {
  const inserted = await db
    .insertInto('annual_reports')
    .values({ ...row, data: null, viewed_at: null })
    .onConflict((oc) => oc.columns(['account_id', 'year']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? Number(inserted.id) : null;
}

export async function storeAnnualReport(db: Executor, id: number, data: unknown): Promise<void> {
  await db.updateTable('annual_reports').set({ data: JSON.stringify(data) }).where('id', '=', id).execute();
}

export async function markAnnualReportRead(db: Executor, id: number, at: string): Promise<void> {
  await db.updateTable('annual_reports').set({ viewed_at: at }).where('id', '=', id).where('viewed_at', 'is', null).execute();
}

/** [start, end) of a calendar year, UTC, as timestamp text. */
export function yearBounds(year: number): { from: string; until: string } {
  const pad = (y: number) => String(y).padStart(4, '0');
  return { from: `${pad(year)}-01-01T00:00:00.000Z`, until: `${pad(year + 1)}-01-01T00:00:00.000Z` };
}

/** The account's statuses of the year (not deleted): what a report counts. */
export async function statusesOfYear(db: Executor, accountId: number, year: number) {
  const { from, until } = yearBounds(year);
  return db
    .selectFrom('statuses')
    .select(['id', 'visibility', 'reblog_of_id', 'in_reply_to_id', 'in_reply_to_account_id', 'application_name', 'replies_count', 'reblogs_count', 'favourites_count', 'created_at'])
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .execute();
}

/** Whether the account posted at all that year. */
export async function postedIn(db: Executor, accountId: number, year: number): Promise<boolean> {
  const { from, until } = yearBounds(year);
  const row = await db.selectFrom('statuses').select('id').where('account_id', '=', accountId).where('deleted_at', 'is', null).where('created_at', '>=', from).where('created_at', '<', until).limit(1).executeTakeFirst();
  return !!row;
}

/** Hashtags of the account's statuses that year, by use, at least `min` uses each. */
export async function hashtagsOfYear(db: Executor, accountId: number, year: number, min: number, limit: number): Promise<{ name: string; count: number }[]> {
  const { from, until } = yearBounds(year);
  const { rows } = await sql<{ name: string; n: number }>`
    select t.display as name, count(*) as n from status_tags st
      join statuses s on s.id = st.status_id join tags t on t.id = st.tag_id
    where s.account_id = ${accountId} and s.deleted_at is null and s.created_at >= ${from} and s.created_at < ${until}
    group by t.id, t.display having count(*) >= ${min} order by count(*) desc, t.display limit ${limit}`.execute(db);
  return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
}

/** Follows made by (`following`) or of (`followers`) the account that year, by created_at. */
export async function followTimesOfYear(db: Executor, accountId: number, year: number, side: 'following' | 'followers'): Promise<string[]> {
  const { from, until } = yearBounds(year);
  const rows = await db
    .selectFrom('follows')
    .select('created_at')
    .where(side === 'following' ? 'account_id' : 'target_account_id', '=', accountId)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .execute();
  return rows.map((r) => r.created_at);
}

/** Statuses posted that year by every account that posted: for the percentile. */
export async function statusCountsOfYear(db: Executor, year: number): Promise<number[]> {
  const { from, until } = yearBounds(year);
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from statuses where deleted_at is null and created_at >= ${from} and created_at < ${until} group by account_id`.execute(db);
  return rows.map((r) => Number(r.n));
}

/** Followers gained that year by every account that gained any: for the percentile. */
export async function followerGainsOfYear(db: Executor, year: number): Promise<number[]> {
  const { from, until } = yearBounds(year);
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from follows where created_at >= ${from} and created_at < ${until} group by target_account_id`.execute(db);
  return rows.map((r) => Number(r.n));
}

/** The service requests an organ received that year, as the service statistics read them. */
export async function organRequestsOfYear(db: Executor, organId: number, year: number) {
  const { from, until } = yearBounds(year);
  return db
    .selectFrom('service_requests')
    .select(['state', 'created_at', 'first_response_at', 'rating'])
    .where('organ_account_id', '=', organId)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .execute();
}
