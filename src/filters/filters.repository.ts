import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import type { CustomFilterKeywordsTable, CustomFilterStatusesTable, CustomFiltersTable } from './filters.table.js';

export type FilterRow = Selectable<CustomFiltersTable>;
export type FilterKeywordRow = Selectable<CustomFilterKeywordsTable>;
export type FilterStatusRow = Selectable<CustomFilterStatusesTable>;

/** A filter with its rules. */
export interface FilterWithRules {
  filter: FilterRow;
  keywords: FilterKeywordRow[];
  statuses: FilterStatusRow[];
}

async function withRules(db: Executor, filters: FilterRow[]): Promise<FilterWithRules[]> {
  if (filters.length === 0) return [];
  const ids = filters.map((f) => Number(f.id));
  const [keywords, statuses] = await Promise.all([
    db.selectFrom('custom_filter_keywords').selectAll().where('custom_filter_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('custom_filter_statuses').selectAll().where('custom_filter_id', 'in', ids).orderBy('id').execute(),
  ]);
  return filters.map((filter) => ({
    filter,
    keywords: keywords.filter((k) => Number(k.custom_filter_id) === Number(filter.id)),
    statuses: statuses.filter((s) => Number(s.custom_filter_id) === Number(filter.id)),
  }));
}

/** Every filter of the account with its rules, oldest first. */
export async function filtersOf(db: Executor, accountId: number): Promise<FilterWithRules[]> {
  return withRules(db, await db.selectFrom('custom_filters').selectAll().where('account_id', '=', accountId).orderBy('id').execute());
}

/** The filters of these accounts that have not expired at `now`, with their rules (one account's page, or a stream's recipients). */
export async function activeFiltersOf(db: Executor, accountIds: readonly number[], now: string): Promise<FilterWithRules[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .selectFrom('custom_filters')
    .selectAll()
    .where('account_id', 'in', [...accountIds])
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id')
    .execute();
  return withRules(db, rows);
}

export async function findFilter(db: Executor, id: number): Promise<FilterRow | undefined> {
  return db.selectFrom('custom_filters').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findFilterWithRules(db: Executor, id: number): Promise<FilterWithRules | undefined> {
  const row = await findFilter(db, id);
  return row ? (await withRules(db, [row]))[0] : undefined;
}

export async function insertFilter(db: Executor, row: Insertable<CustomFiltersTable>): Promise<FilterRow> {
  const inserted = await db.insertInto('custom_filters').values(row).returningAll().executeTakeFirstOrThrow();
  await bumpFiltersCount(db, Number(row.account_id), 1);
  return inserted;
}

export async function updateFilter(db: Executor, id: number, patch: Updateable<CustomFiltersTable>): Promise<void> {
  await db.updateTable('custom_filters').set(patch).where('id', '=', id).execute();
}

export async function deleteFilter(db: Executor, filter: FilterRow): Promise<void> {
  await db.deleteFrom('custom_filter_keywords').where('custom_filter_id', '=', Number(filter.id)).execute();
  await db.deleteFrom('custom_filter_statuses').where('custom_filter_id', '=', Number(filter.id)).execute();
  await db.deleteFrom('custom_filters').where('id', '=', Number(filter.id)).execute();
  await bumpFiltersCount(db, Number(filter.account_id), -1);
}

async function bumpFiltersCount(db: Executor, accountId: number, by: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ filters_count: sql`filters_count + ${by}` })
    .where('id', '=', accountId)
    .execute();
  // The row says whether the reader has filters at all: a login holding it must read it again.
  changed(db, 'accounts', [accountId]);
}

export async function insertKeyword(db: Executor, row: Insertable<CustomFilterKeywordsTable>): Promise<FilterKeywordRow> {
  return db.insertInto('custom_filter_keywords').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findKeyword(db: Executor, id: number): Promise<FilterKeywordRow | undefined> {
  return db.selectFrom('custom_filter_keywords').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateKeyword(db: Executor, id: number, patch: Updateable<CustomFilterKeywordsTable>): Promise<FilterKeywordRow | undefined> {
  return db.updateTable('custom_filter_keywords').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteKeyword(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('custom_filter_keywords').where('id', '=', id).execute();
}

export async function insertFilterStatus(db: Executor, row: Insertable<CustomFilterStatusesTable>): Promise<FilterStatusRow> {
  return db.insertInto('custom_filter_statuses').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findFilterStatus(db: Executor, id: number): Promise<FilterStatusRow | undefined> {
  return db.selectFrom('custom_filter_statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteFilterStatus(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('custom_filter_statuses').where('id', '=', id).execute();
}

/** Every keyword of the account, each with its filter (the v1 API's view: one v1 filter per keyword). */
export async function keywordsOfAccount(db: Executor, accountId: number): Promise<{ keyword: FilterKeywordRow; filter: FilterRow }[]> {
  const all = await filtersOf(db, accountId);
  return all.flatMap((f) => f.keywords.map((keyword) => ({ keyword, filter: f.filter })));
}
