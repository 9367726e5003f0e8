import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.js';
import { changed } from '../app/transaction.js';
import type { QuoteState, QuotesTable } from './quotes.table.js';

export type QuoteRow = Selectable<QuotesTable>;

export async function insertQuote(db: Executor, q: Omit<QuoteRow, 'id'>): Promise<QuoteRow> {
  return db.insertInto('quotes').values(q).returningAll().executeTakeFirstOrThrow();
}

/** The quotes made by these (quoting) statuses, by status id. */
export async function quotesByStatus(db: Executor, statusIds: readonly number[]): Promise<Map<number, QuoteRow>> {
  if (statusIds.length === 0) return new Map();
  const rows = await db.selectFrom('quotes').selectAll().where('status_id', 'in', [...new Set(statusIds)]).execute();
  return new Map(rows.map((r) => [Number(r.status_id), r]));
}

export async function findQuoteOf(db: Executor, quotedStatusId: number, quotingStatusId: number): Promise<QuoteRow | undefined> {
  return db.selectFrom('quotes').selectAll().where('quoted_status_id', '=', quotedStatusId).where('status_id', '=', quotingStatusId).executeTakeFirst();
}

export async function setQuoteState(db: Executor, id: number, state: QuoteState, at: string): Promise<void> {
  await db.updateTable('quotes').set({ state, updated_at: at }).where('id', '=', id).execute();
}

/** A page of the accepted quotes of a status, newest first, by quote id (Mastodon pages quotes by the quote's id). */
export async function acceptedQuotesPage(db: Executor, quotedStatusId: number, page: { limit: number; maxId?: number | undefined; sinceId?: number | undefined }): Promise<QuoteRow[]> {
  let q = db.selectFrom('quotes').selectAll().where('quoted_status_id', '=', quotedStatusId).where('state', '=', 'accepted');
  if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('id', '>', page.sinceId);
  return q.orderBy('id', 'desc').limit(page.limit).execute();
}

/** Marks the statuses' quote rows changed for the status cache (their JSON shows the quote). */
export function quotesChanged(db: Executor, statusIds: readonly number[]): void {
  changed(db, 'statuses', statusIds);
}

/** The accounts whose accepted quotes quote this status. */
export async function quotersOf(db: Executor, quotedStatusId: number): Promise<number[]> {
  const rows = await db.selectFrom('quotes').select('account_id').distinct().where('quoted_status_id', '=', quotedStatusId).where('state', '=', 'accepted').execute();
  return rows.map((r) => Number(r.account_id));
}
