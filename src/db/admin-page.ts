import type { Executor } from './database.js';

/** Mastodon's admin lists: newest first, paged by id. */
export interface IdPage {
  maxId?: number | undefined;
  sinceId?: number | undefined;
  minId?: number | undefined;
  limit: number;
}

/** The tables of the admin API's block and allow lists, each with an integer `id`. */
export type AdminListTable = 'email_domain_blocks' | 'canonical_email_blocks' | 'ip_blocks' | 'domain_blocks' | 'domain_allows';

/** One page of an admin list by id (`min_id` reads upwards from the cursor, then is turned newest first), all columns. */
export async function adminListPage(db: Executor, table: AdminListTable, q: IdPage): Promise<unknown[]> {
  let query = db.selectFrom(table).selectAll();
  if (q.maxId !== undefined) query = query.where('id', '<', q.maxId);
  if (q.sinceId !== undefined) query = query.where('id', '>', q.sinceId);
  if (q.minId !== undefined) {
    const rows = await query.where('id', '>', q.minId).orderBy('id', 'asc').limit(q.limit).execute();
    return rows.reverse();
  }
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}
