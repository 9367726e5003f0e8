import type { Context } from '../app/context.js';
import { type StatusRow, findStatuses } from './statuses.repository.js';

/**
 * A status as this process caches it: its row, and once presented, the
 * pieces of its JSON that are the same for every viewer (statuses.presenter.ts).
 */
export interface CachedStatus {
  row: StatusRow;
  parts?: StatusParts;
}

/**
 * The JSON of a status as UTF-8, cut where the viewer's flags, the reblogged
 * original and the author's account go in. Kept encoded: most of a page is
 * Chinese text, and encoding it again for every reader cost more than
 * building the page.
 */
export interface StatusParts {
  /** `{"id":…` up to `"edited_at":…,` */
  head: Buffer;
  /** `"muted":…` up to `"filtered":…,"reblog":` */
  middle: Buffer;
  /** `,"application":…,"account":` */
  application: Buffer;
  /** `,"media_attachments":…` up to `"poll":…}` */
  end: Buffer;
}

/** Whether two copies of a status row agree on everything its JSON shows that can change. */
export function sameVersion(a: StatusRow, b: StatusRow): boolean {
  return (
    Number(a.replies_count) === Number(b.replies_count) &&
    Number(a.reblogs_count) === Number(b.reblogs_count) &&
    Number(a.favourites_count) === Number(b.favourites_count) &&
    a.edited_at === b.edited_at &&
    a.deleted_at === b.deleted_at
  );
}

/** Statuses that have not been deleted, by id, from the cache where it has them (any order, like findStatuses). */
export async function loadStatuses(ctx: Context, ids: readonly number[]): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const hit = ctx.cache.statuses.get(id);
    if (hit) out.push(hit.row);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const mark = ctx.cache.statuses.mark();
  for (const row of await findStatuses(ctx.db, missing)) {
    out.push(row);
    ctx.cache.statuses.fill(mark, Number(row.id), { row });
  }
  return out;
}
