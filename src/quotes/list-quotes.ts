import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { getStatus } from '../statuses/get-status.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { loadStatuses } from '../statuses/status-cache.js';
import { visibleTo } from '../statuses/visibility.js';
import { exclusionsFor, excludesStatus } from '../social/exclusions.js';
import { acceptedQuotesPage } from './quotes.repository.js';

export interface QuotesPage {
  /** The quoting statuses the viewer may see, newest quote first. */
  statuses: StatusRow[];
  /** The quote ids of the page before filtering, for its Link header (Mastodon pages by quote id). */
  cursor: { id: number }[];
}

/**
 * GET /api/v1/statuses/:id/quotes: the accepted quotes of a status the viewer
 * may see (404 otherwise); statuses the viewer may not see, and, for anyone
 * but the quoted author, those of accounts they block or mute, are left out.
 */
export async function listQuotes(ctx: Context, viewer: AccountRow | null, input: { id: number; limit: number; maxId?: number | undefined; sinceId?: number | undefined }): Promise<QuotesPage> {
  const status = await getStatus(ctx, viewer, input.id);
  const quotes = await acceptedQuotesPage(ctx.db, Number(status.id), input);
  const rows = new Map((await visibleTo(ctx.db, viewer, await loadStatuses(ctx, quotes.map((q) => Number(q.status_id))))).map((s) => [Number(s.id), s]));
  const isAuthor = viewer !== null && Number(viewer.id) === Number(status.account_id);
  const ex = viewer && !isAuthor ? await exclusionsFor(ctx, Number(viewer.id)) : null;
  const now = ctx.clock.now().getTime();
  const statuses = quotes.flatMap((q) => {
    const s = rows.get(Number(q.status_id));
    if (!s || (ex && excludesStatus(ex, { authorId: Number(s.account_id) }, now))) return [];
    return [s];
  });
  return { statuses, cursor: quotes.map((q) => ({ id: Number(q.id) })) };
}
