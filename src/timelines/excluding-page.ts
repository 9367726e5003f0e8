import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { type Exclusions, excludesStatus } from '../social/exclusions.js';
import { statusPage } from './status-page.js';

/** At most this many reads to fill one page whose statuses the reader's exclusions thinned. */
const MAX_REFILLS = 6;

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

/**
 * A timeline page with the reader's exclusions applied in memory, refilled
 * so that it stays full: `readIds` cuts the window as the plain timeline
 * does; when excluded statuses thin the page, the next window (past the
 * last id read) is read, up to MAX_REFILLS times. With no exclusions it is
 * exactly `statusPage` over one read (callers skip it then). For the home
 * timeline's merged half and for list timelines, whose statuses are not
 * filtered on write.
 */
export async function statusPageExcluding(ctx: Context, viewer: AccountRow, ex: Exclusions, w: IdWindow, readIds: (w: IdWindow) => Promise<number[]>): Promise<StatusRow[]> {
  if (ex.empty) return statusPage(ctx, viewer, await readIds(w), w);
  const upward = w.minId !== undefined;
  const kept = new Map<number, StatusRow>();
  let win: IdWindow = { ...w };
  for (let round = 0; round < MAX_REFILLS; round++) {
    const ids = [...new Set(await readIds(win))].sort((a, b) => b - a);
    if (ids.length === 0) break;
    const considered = upward ? ids.slice(-win.limit) : ids.slice(0, win.limit);
    for (const r of await withoutExcluded(ctx, ex, await statusPage(ctx, viewer, considered, win))) kept.set(Number(r.id), r);
    if (kept.size >= w.limit || considered.length < win.limit) break;
    win = upward ? { ...win, minId: considered[0] as number } : { ...win, maxId: considered[considered.length - 1] as number };
  }
  const sorted = [...kept.values()].sort((a, b) => Number(b.id) - Number(a.id));
  return upward ? sorted.slice(-w.limit) : sorted.slice(0, w.limit);
}
