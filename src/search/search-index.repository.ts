import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { leadTermOf, normalizeText, termsOf } from './tokens.js';

// Kept in the transaction of the write that changes what is searched: the
// repositories of accounts, government profiles and statuses call these.

/** Rows per INSERT: well under SQLite's 32,766 bound parameters at 3 a row. */
const ROWS_PER_INSERT = 2000;

/** Verified government accounts first, then by order of magnitude of followers (a bucket moves only when the count doubles). */
export function accountRank(verified: boolean, followers: number): number {
  return (verified ? 1000 : 0) + Math.floor(Math.log2(Math.max(0, followers) + 1));
}

/** The searched text of an account: one normalized field a line, the display name first. */
export function accountText(f: { display_name: string; username: string; verification: string | null }): string {
  return [f.display_name, f.username, f.verification ?? ''].map(normalizeText).join('\n');
}

/** The index terms of an account's searched text (accountText). */
export function accountTerms(text: string): string[] {
  const lines = text.split('\n');
  const terms = new Set(lines.flatMap(termsOf));
  const lead = leadTermOf(lines[0] ?? '');
  if (lead) terms.add(lead);
  return [...terms];
}

/** The searched text of a status: its content warning and its text, normalized. */
export function statusText(f: { spoiler_text: string; text: string }): string {
  return normalizeText(f.spoiler_text ? `${f.spoiler_text}\n${f.text}` : f.text);
}

export function statusTerms(text: string): string[] {
  return [...new Set(text.split('\n').flatMap(termsOf))];
}

/** Rows per INSERT of terms, sent as one JSON parameter. */
const TERMS_PER_INSERT = 20_000;

const byTerm = (a: readonly [string, ...number[]], b: readonly [string, ...number[]]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Term rows go in as one JSON array parameter per statement, unpacked by the
 * database (json_each / json_array_elements): the same rows as a plain
 * multi-row INSERT, without building one SQL node per value, which made
 * indexing the demo's accounts several times slower.
 */
async function insertAccountTerms(db: Executor, rows: [string, number, number][]): Promise<void> {
  // In key order, a batch lands on neighbouring pages of the index: about twice as fast on a large one.
  rows.sort(byTerm);
  for (let i = 0; i < rows.length; i += TERMS_PER_INSERT) {
    const json = JSON.stringify(rows.slice(i, i + TERMS_PER_INSERT));
    if (isPostgres(db)) await sql`insert into search_account_terms (term, rank, account_id) select x->>0, (x->>1)::integer, (x->>2)::bigint from json_array_elements(${json}::json) x`.execute(db);
    else await sql`insert into search_account_terms (term, rank, account_id) select value->>0, value->>1, value->>2 from json_each(${json})`.execute(db);
  }
}

async function insertStatusTerms(db: Executor, rows: [string, number][]): Promise<void> {
  rows.sort(byTerm);
  for (let i = 0; i < rows.length; i += TERMS_PER_INSERT) {
    const json = JSON.stringify(rows.slice(i, i + TERMS_PER_INSERT));
    if (isPostgres(db)) await sql`insert into search_status_terms (term, status_id) select x->>0, (x->>1)::bigint from json_array_elements(${json}::json) x`.execute(db);
    else await sql`insert into search_status_terms (term, status_id) select value->>0, value->>1 from json_each(${json})`.execute(db);
  }
}

/**
 * (Re)indexes these accounts from their rows as they are now: open accounts
 * by display name, username and, when verified, verification text; closed
 * ones leave the index.
 */
export async function indexAccounts(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('gov_profiles as g', 'g.account_id', 'a.id')
    .select(['a.id', 'a.username', 'a.domain', 'a.display_name', 'a.followers_count', 'a.closed_at', 'g.verification', 'g.account_id as gov_id'])
    .where('a.id', 'in', unique)
    .execute();
  await unindexAccounts(db, unique);
  const docs: { account_id: number; text: string; rank: number }[] = [];
  const terms: [string, number, number][] = [];
  for (const r of rows) {
    if (r.closed_at) continue;
    const id = Number(r.id);
    // A remote account is found by its whole acct (`name@domain`) too. Its government profile is its server's statement, not a verification of ours: it does not rank it.
    const text = accountText(r.domain === null ? r : { ...r, username: `${r.username}@${r.domain}` });
    const rank = accountRank(r.gov_id !== null, Number(r.followers_count));
    docs.push({ account_id: id, text, rank });
    for (const term of accountTerms(text)) terms.push([term, rank, id]);
  }
  for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) await db.insertInto('search_accounts').values(docs.slice(i, i + ROWS_PER_INSERT)).execute();
  await insertAccountTerms(db, terms);
}

/** Takes accounts out of the index (their terms are found again from the text they were indexed with). */
async function unindexAccounts(db: Executor, ids: readonly number[]): Promise<void> {
  const old = await db.selectFrom('search_accounts').select(['account_id', 'text', 'rank']).where('account_id', 'in', [...ids]).execute();
  for (const o of old) {
    const terms = accountTerms(o.text);
    if (terms.length > 0) await db.deleteFrom('search_account_terms').where('term', 'in', terms).where('rank', '=', o.rank).where('account_id', '=', o.account_id).execute();
  }
  if (old.length > 0) await db.deleteFrom('search_accounts').where('account_id', 'in', old.map((o) => o.account_id)).execute();
}

/**
 * Moves an account within the ranking after its follower count changed; a
 * write only when the bucket changes (the count doubled or halved), so most
 * follows cost one indexed read here.
 */
export async function refreshAccountRank(db: Executor, id: number): Promise<void> {
  const r = await db
    .selectFrom('search_accounts as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('gov_profiles as g', 'g.account_id', 's.account_id')
    .select(['s.text', 's.rank', 'a.followers_count', 'g.account_id as gov_id'])
    .where('s.account_id', '=', id)
    .executeTakeFirst();
  if (!r) return;
  const rank = accountRank(r.gov_id !== null, Number(r.followers_count));
  if (rank === Number(r.rank)) return;
  await db.updateTable('search_accounts').set({ rank }).where('account_id', '=', id).execute();
  await db.updateTable('search_account_terms').set({ rank }).where('term', 'in', accountTerms(r.text)).where('rank', '=', Number(r.rank)).where('account_id', '=', id).execute();
}

/** Indexes new statuses (reblogs carry no text of their own and are left out). */
export async function indexStatuses(db: Executor, rows: readonly { id: number; text: string; spoiler_text: string; reblog_of_id: number | null; deleted_at: string | null }[]): Promise<void> {
  const docs: { status_id: number; text: string }[] = [];
  const terms: [string, number][] = [];
  for (const r of rows) {
    if (r.reblog_of_id !== null || r.deleted_at !== null) continue;
    const text = statusText(r);
    docs.push({ status_id: Number(r.id), text });
    for (const term of statusTerms(text)) terms.push([term, Number(r.id)]);
  }
  for (let i = 0; i < docs.length; i += ROWS_PER_INSERT) await db.insertInto('search_statuses').values(docs.slice(i, i + ROWS_PER_INSERT)).execute();
  await insertStatusTerms(db, terms);
}

/** Takes deleted statuses out of the index. */
export async function unindexStatuses(db: Executor, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const old = await db.selectFrom('search_statuses').select(['status_id', 'text']).where('status_id', 'in', [...ids]).execute();
  for (const o of old) {
    const terms = statusTerms(o.text);
    if (terms.length > 0) await db.deleteFrom('search_status_terms').where('status_id', '=', o.status_id).where('term', 'in', terms).execute();
  }
  if (old.length > 0) await db.deleteFrom('search_statuses').where('status_id', 'in', old.map((o) => o.status_id)).execute();
}

/** For tests and the benchmark: how many terms the index holds. */
export async function indexSize(db: Executor): Promise<{ accountTerms: number; statusTerms: number }> {
  const a = await sql<{ n: number }>`select count(*) as n from search_account_terms`.execute(db);
  const s = await sql<{ n: number }>`select count(*) as n from search_status_terms`.execute(db);
  return { accountTerms: Number(a.rows[0]?.n ?? 0), statusTerms: Number(s.rows[0]?.n ?? 0) };
}
