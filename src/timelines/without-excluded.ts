import type { Context } from '../app/context.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { type Exclusions, excludesStatus } from '../social/exclusions.js';

/** The original's author of each reblog among `rows` (through the cache: the page renders them anyway). */
async function reblogAuthors(ctx: Context, rows: readonly StatusRow[]): Promise<Map<number, number>> {
  const ids = [...new Set(rows.flatMap((r) => (r.reblog_of_id === null ? [] : [Number(r.reblog_of_id)])))];
  if (ids.length === 0) return new Map();
  return new Map((await loadStatuses(ctx, ids)).map((s) => [Number(s.id), Number(s.account_id)]));
}

/** Drops the rows the reader's exclusions leave out: by an excluded author, or reblogs of one (src/social/exclusions.ts). */
export async function withoutExcluded(ctx: Context, ex: Exclusions, rows: readonly StatusRow[]): Promise<StatusRow[]> {
  if (ex.empty || rows.length === 0) return [...rows];
  const now = ctx.clock.now().getTime();
  const originals = await reblogAuthors(ctx, rows);
  return rows.filter((r) => !excludesStatus(ex, { authorId: Number(r.account_id), reblogAuthorId: r.reblog_of_id === null ? null : originals.get(Number(r.reblog_of_id)) }, now));
}
