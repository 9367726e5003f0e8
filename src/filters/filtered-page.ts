import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { type Exclusions, NO_EXCLUSIONS, excludesStatus } from '../social/exclusions.js';
import { statusPage, statusPageCut } from '../timelines/status-page.js';
import { hiddenBy, viewerFilters } from './apply-filters.js';
import type { FilterContext } from './filters.table.js';

/** Windows read at most per page when filters hide much of it: a page may come back short rather than read without end. */
const REFILL_ROUNDS = 6;

/**
 * A timeline's page with the viewer's `hide` filters of `context` applied,
 * and `ex`, the viewer's blocks and mutes, where the timeline's own query
 * cannot apply them (the home timeline's merged half, list timelines: see
 * src/social/exclusions.ts): what they match leaves the page, and the page
 * is refilled from the next window so that it stays full and its cursor
 * right. A reader without filters (the account row says so) and without
 * exclusions costs nothing more than statusPage.
 */
export async function filteredStatusPage(ctx: Context, viewer: AccountRow | null, context: FilterContext, read: (w: IdWindow) => Promise<number[]>, w: IdWindow, ex: Exclusions = NO_EXCLUSIONS): Promise<StatusRow[]> {
  const ids = await read(w);
  const filters = await viewerFilters(ctx, viewer);
  const hiding = filters?.filter((f) => f.action === 'hide' && f.contexts.has(context)) ?? [];
  if (hiding.length === 0 && ex.empty) return statusPage(ctx, viewer, ids, w);
  const now = ctx.clock.now().getTime();
  const upwards = w.minId !== undefined;
  let out: StatusRow[] = [];
  let window = w;
  let batch = ids;
  for (let round = 0; round < REFILL_ROUNDS; round++) {
    const { rows, cut } = await statusPageCut(ctx, viewer, batch, window);
    const originals = new Map((await loadStatuses(ctx, rows.flatMap((r) => (r.reblog_of_id === null ? [] : [Number(r.reblog_of_id)])))).map((o) => [Number(o.id), o]));
    const kept = rows.filter((r) => {
      const original = (r.reblog_of_id === null ? undefined : originals.get(Number(r.reblog_of_id))) ?? r;
      if (excludesStatus(ex, { authorId: Number(r.account_id), reblogAuthorId: original === r ? null : Number(original.account_id) }, now)) return false;
      return hiding.length === 0 || !hiddenBy(hiding, context, r, original);
    });
    // Reading upwards (min_id), each window is newer than the last: it goes before them.
    out = upwards ? [...kept, ...out] : [...out, ...kept];
    if (out.length >= w.limit || cut.length < window.limit) break;
    window = upwards ? { ...w, minId: Math.max(...cut) } : { ...w, maxId: Math.min(...cut) };
    batch = await read(window);
  }
  return upwards ? out.slice(-w.limit) : out.slice(0, w.limit);
}
