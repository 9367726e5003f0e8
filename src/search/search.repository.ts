import { type ExpressionBuilder, PostgresAdapter, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Database, Executor } from '../db/database.js';
import { visibleToSql } from '../statuses/visibility.js';
import type { QueryPlan } from './tokens.js';

/** Postings counted per term when choosing which term drives a query; past this a term is simply "common". */
const COUNT_CAP = 5000;

/**
 * Whether the document's text holds `piece`, by position (instr / strpos),
 * not LIKE: PostgreSQL estimates `LIKE '%…%'` so selective that it would read
 * the whole document table to apply it first, instead of walking the term.
 */
function holds(db: Executor, piece: string): RawBuilder<boolean> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql<boolean>`strpos(t.text, ${piece}) > 0` : sql<boolean>`instr(t.text, ${piece}) > 0`;
}

/**
 * The same for every piece, as a lookup of the document by its key for each
 * row the walk reaches (a correlated scalar subquery, which neither planner
 * turns into a join: as a join, PostgreSQL chose to scan the documents).
 */
function docHoldsAll(db: Executor, table: 'search_accounts' | 'search_statuses', key: 'account_id' | 'status_id', outer: string, pieces: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(select count(*) from ${sql.table(table)} t where t.${sql.ref(key)} = ${sql.ref(outer)} and ${sql.join(pieces.map((p) => holds(db, p)), sql` and `)}) >= 1`;
}

/**
 * The rarest of the plan's terms (capped counts, one small index read each):
 * the query walks its postings and checks the others, so a rare term keeps
 * the walk short. Null when some term has no posting at all: nothing matches.
 */
async function drivingTerm(db: Executor, table: 'search_account_terms' | 'search_status_terms', terms: readonly string[]): Promise<string | null> {
  if (terms.length === 1) return terms[0] as string;
  let best: { term: string; n: number } | null = null;
  for (const term of terms) {
    const r = await sql<{ n: number }>`select count(*) as n from (select 1 from ${sql.table(table)} where term = ${term} limit ${COUNT_CAP}) t`.execute(db);
    const n = Number(r.rows[0]?.n ?? 0);
    if (n === 0) return null;
    if (!best || n < best.n) best = { term, n };
  }
  return best?.term ?? null;
}

/**
 * Whether the row reached holds every one of `terms`: one count of keyed
 * lookups per row, as a scalar subquery. As EXISTS, PostgreSQL turned each
 * check into a semi-join over every posting of a common term (派出所's 派出:
 * 100-300 ms for a query whose rare first term had a handful).
 */
function holdsTerms(table: 'search_account_terms' | 'search_status_terms', terms: readonly string[], key: RawBuilder<unknown>): RawBuilder<boolean> {
  // `>=` (the count cannot exceed it): PostgreSQL guesses an inequality keeps a third of the rows, an equality 0.5%, and with that guess it read every posting and sorted them rather than walk the newest.
  return sql<boolean>`(select count(*) from ${sql.table(table)} x where x.term in (${sql.join(terms)}) and ${key}) >= ${terms.length}`;
}

export interface AccountSearchOptions {
  limit: number;
  offset: number;
  /** Only accounts this account follows (and itself), as Mastodon's `following`. */
  followedBy?: number | undefined;
}

/**
 * Ids of open accounts matching the plan, verified government accounts
 * first, then by follower bucket, then newest first: one key range of the
 * driving term in rank order, the other terms and the contiguous pieces
 * checked on the way, so the query stops at the page's end.
 */
export async function searchAccountIds(db: Executor, plan: QueryPlan, o: AccountSearchOptions): Promise<number[]> {
  if (plan.terms.length === 0) return [];
  if (o.followedBy !== undefined) return searchFollowedAccountIds(db, plan, o.followedBy, o);
  const driver = await drivingTerm(db, 'search_account_terms', plan.terms);
  if (driver === null) return [];
  // CROSS JOIN fixes SQLite's join order (PostgreSQL plans it freely): the walk starts at the term, never at a whole table.
  let q = db
    .selectFrom('search_account_terms as d')
    .crossJoin('accounts as a')
    .whereRef('a.id', '=', 'd.account_id')
    .select('d.account_id')
    .where('d.term', '=', driver)
    .where('a.closed_at', 'is', null);
  const others = plan.terms.filter((t) => t !== driver);
  if (others.length > 0) q = q.where(holdsTerms('search_account_terms', others, sql`x.rank = d.rank and x.account_id = d.account_id`));
  if (plan.pieces.length > 0) q = q.where(docHoldsAll(db, 'search_accounts', 'account_id', 'd.account_id', plan.pieces));
  const rows = await q.orderBy('d.rank', 'desc').orderBy('d.account_id', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => Number(r.account_id));
}

/**
 * `following`: the candidates are the few (at most 7,500) accounts followed,
 * and the searcher itself, as Mastodon counts them; each is checked for every
 * term (its rank, from its document, completes the key), then ordered.
 */
async function searchFollowedAccountIds(db: Executor, plan: QueryPlan, me: number, o: { limit: number; offset: number }): Promise<number[]> {
  let q = db
    .selectFrom(sql<{ id: number }>`(select target_account_id as id from follows where account_id = ${me} union select ${me} as id)`.as('c'))
    .innerJoin('search_accounts as t', 't.account_id', 'c.id')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select('t.account_id')
    .where('a.closed_at', 'is', null);
  q = q.where(holdsTerms('search_account_terms', plan.terms, sql`x.rank = t.rank and x.account_id = t.account_id`));
  for (const piece of plan.pieces) q = q.where(holds(db, piece));
  const rows = await q.orderBy('t.rank', 'desc').orderBy('t.account_id', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => Number(r.account_id));
}

export interface StatusSearchOptions {
  limit: number;
  offset: number;
  accountId?: number | undefined;
  maxId?: number | undefined;
  minId?: number | undefined;
}

/**
 * Which statuses a signed-in account may find by their text: public posts
 * of verified government accounts (public information), its own, those it
 * favourited and those it is mentioned in — and of those only what it may
 * see now (src/statuses/visibility.ts), never a deleted one.
 */
export function searchableBy(viewer: AccountRow) {
  const me = Number(viewer.id);
  return (eb: ExpressionBuilder<Database & { s: Database['statuses'] }, 's'>) =>
    eb.and([
      eb.or([
        eb.and([eb('s.visibility', '=', 'public'), eb.exists(eb.selectFrom('gov_profiles as gp').select(sql.lit(1).as('one')).whereRef('gp.account_id', '=', 's.account_id'))]),
        eb('s.account_id', '=', me),
        eb.exists(eb.selectFrom('favourites as fv').select(sql.lit(1).as('one')).whereRef('fv.status_id', '=', 's.id').where('fv.account_id', '=', me)),
        eb.exists(eb.selectFrom('mentions as mn').select(sql.lit(1).as('one')).whereRef('mn.status_id', '=', 's.id').where('mn.account_id', '=', me)),
      ]),
      visibleToSql(viewer, 's'),
    ]);
}

/** Ids of statuses matching the plan that the viewer may find, newest first. */
export async function searchStatusIds(db: Executor, viewer: AccountRow, plan: QueryPlan, o: StatusSearchOptions): Promise<number[]> {
  // One CJK character (`^X`) looks for names, not texts.
  const terms = plan.terms.filter((t) => !t.startsWith('^'));
  if (terms.length === 0) return [];
  if (o.accountId !== undefined) return searchAuthorStatusIds(db, viewer, { terms, pieces: plan.pieces }, o.accountId, o);
  const driver = await drivingTerm(db, 'search_status_terms', terms);
  if (driver === null) return [];
  let q: SelectQueryBuilder<any, any, { status_id: number }> = db
    .selectFrom('search_status_terms as d')
    // As above: without statistics SQLite would rather walk all statuses newest first and look each up in the index.
    .crossJoin('statuses as s')
    .whereRef('s.id', '=', 'd.status_id')
    .select('d.status_id')
    .where('d.term', '=', driver)
    .where('s.deleted_at', 'is', null);
  const others = terms.filter((t) => t !== driver);
  if (others.length > 0) q = q.where(holdsTerms('search_status_terms', others, sql`x.status_id = d.status_id`));
  if (plan.pieces.length > 0) q = q.where(docHoldsAll(db, 'search_statuses', 'status_id', 'd.status_id', plan.pieces));
  if (o.maxId !== undefined) q = q.where('d.status_id', '<', o.maxId);
  if (o.minId !== undefined) q = q.where('d.status_id', '>', o.minId);
  q = q.where(searchableBy(viewer) as never);
  const rows = await q.orderBy('d.status_id', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => Number(r.status_id));
}

/** `account_id`: one author's statuses, newest first from the author's own index, each checked for the terms: a common term does not make the walk long. */
async function searchAuthorStatusIds(db: Executor, viewer: AccountRow, plan: QueryPlan, accountId: number, o: StatusSearchOptions): Promise<number[]> {
  let q: SelectQueryBuilder<any, any, { id: number }> = db.selectFrom('statuses as s').select('s.id').where('s.account_id', '=', accountId).where('s.deleted_at', 'is', null).where('s.reblog_of_id', 'is', null);
  q = q.where(holdsTerms('search_status_terms', plan.terms, sql`x.status_id = s.id`));
  if (plan.pieces.length > 0) q = q.where(docHoldsAll(db, 'search_statuses', 'status_id', 's.id', plan.pieces));
  if (o.maxId !== undefined) q = q.where('s.id', '<', o.maxId);
  if (o.minId !== undefined) q = q.where('s.id', '>', o.minId);
  q = q.where(searchableBy(viewer) as never);
  const rows = await q.orderBy('s.id', 'desc').limit(o.limit).offset(o.offset).execute();
  return rows.map((r) => Number(r.id));
}

export interface TagRow {
  id: number;
  name: string;
  display: string;
}

/** Hashtags whose name begins with `prefix` (lower-cased), shortest first, as Mastodon orders them. */
export async function searchTags(db: Executor, prefix: string, o: { limit: number; offset: number }): Promise<TagRow[]> {
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name', 'display'])
    .where(sql<boolean>`name like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`)
    // Staff took it out of the directory (PUT /api/v1/admin/tags/:id listable=false).
    .where((eb) => eb.or([eb('listable', 'is', null), eb('listable', '=', 1)]))
    .orderBy(sql`length(name)`)
    .orderBy('name')
    .limit(o.limit)
    .offset(o.offset)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, display: r.display }));
}

export async function findTagByName(db: Executor, name: string): Promise<TagRow | undefined> {
  const r = await db.selectFrom('tags').select(['id', 'name', 'display']).where('name', '=', name).executeTakeFirst();
  return r ? { id: Number(r.id), name: r.name, display: r.display } : undefined;
}

/** Uses of these hashtags per UTC day since `since` (public, live statuses): for the Tag entity's `history`. */
export async function tagUsesSince(db: Executor, tagIds: readonly number[], since: string): Promise<{ tag_id: number; day: string; uses: number; accounts: number }[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom('status_tags as st')
    .innerJoin('statuses as s', 's.id', 'st.status_id')
    .select([
      'st.tag_id',
      sql<string>`substr(s.created_at, 1, 10)`.as('day'),
      sql<number>`count(*)`.as('uses'),
      sql<number>`count(distinct s.account_id)`.as('accounts'),
    ])
    .where('st.tag_id', 'in', [...tagIds])
    .where('s.created_at', '>=', since)
    .where('s.deleted_at', 'is', null)
    .where('s.visibility', '=', 'public')
    .groupBy(['st.tag_id', sql`substr(s.created_at, 1, 10)`])
    .execute();
  return rows.map((r) => ({ tag_id: Number(r.tag_id), day: r.day, uses: Number(r.uses), accounts: Number(r.accounts) }));
}
