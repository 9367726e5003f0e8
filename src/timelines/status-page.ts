import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow, StatusRow } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';

/** A hashtag as stored: `#雾霾#` and `#雾霾` alike name `雾霾`, in lower case. */
export function tagName(tag: string): string {
  return tag.replace(/^#|#$/g, '').toLowerCase();
}

/** Newest first, whatever order the window read them in. */
function newestFirst(ids: Iterable<number>, limit: number, w: IdWindow): number[] {
  const sorted = [...new Set(ids)].sort((a, b) => b - a);
  // With min_id the page is the `limit` ids just above the cursor.
  return w.minId !== undefined ? sorted.slice(-limit) : sorted.slice(0, limit);
}

/** The page a timeline's ids make: newest first, loaded by id (through the cache), those the viewer may see. */
export async function statusPage(ctx: Context, viewer: AccountRow | null, ids: readonly number[], w: IdWindow): Promise<StatusRow[]> {
  return (await statusPageCut(ctx, viewer, ids, w)).rows;
}

/** statusPage, with the ids it cut the page at (before visibility): where a refill reads on from. */
export async function statusPageCut(ctx: Context, viewer: AccountRow | null, ids: readonly number[], w: IdWindow): Promise<{ rows: StatusRow[]; cut: number[] }> {
  const page = newestFirst(ids, w.limit, w);
  return { rows: await loadVisible(ctx, viewer, page), cut: page };
}

async function loadVisible(ctx: Context, viewer: AccountRow | null, page: readonly number[]): Promise<StatusRow[]> {
  const rows = await loadStatuses(ctx, page);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const ordered = page.flatMap((id) => {
    const r = byId.get(id);
    return r ? [r] : [];
  });
  return visibleTo(ctx.db, viewer, ordered);
}
