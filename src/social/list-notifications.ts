import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { hiddenBy, viewerFilters } from '../filters/apply-filters.js';
import { loadStatuses } from '../statuses/status-cache.js';
import type { IdWindow } from '../statuses/statuses.repository.js';
import { type NotificationFilter, type NotificationRow, pageNotifications } from './notifications.repository.js';
import { presentNotifications } from './notifications.presenter.js';

export type { NotificationFilter } from './notifications.repository.js';

/** Windows read at most per page when the viewer's filters hide much of it. */
const REFILL_ROUNDS = 5;

/**
 * GET /api/v1/notifications: a page of the viewer's notifications, presented
 * (the presenter drops what the page query already left out). A notification
 * about a status that one of the viewer's `hide` filters of the
 * `notifications` context matches leaves the page, which is refilled from the
 * next window; a reader without filters reads one window, as before.
 */
export async function listNotifications(ctx: Context, viewer: AccountRow, input: { filter: NotificationFilter; window: IdWindow }) {
  return presentNotifications(ctx, viewer, await notificationPage(ctx, viewer, input.filter, input.window));
}

/** The viewer's `hide` filters of the `notifications` context (empty: none, the common case, at the cost of the cached account row). */
async function hidingFilters(ctx: Context, viewer: AccountRow) {
  return (await viewerFilters(ctx, viewer))?.filter((f) => f.action === 'hide' && f.contexts.has('notifications')) ?? [];
}

/** Those of `rows` about no status, or about one that none of `hiding` matches (the original's text counts for a reblog). */
async function notHidden(ctx: Context, hiding: Awaited<ReturnType<typeof hidingFilters>>, rows: readonly NotificationRow[]): Promise<NotificationRow[]> {
  const statuses = new Map((await loadStatuses(ctx, rows.flatMap((n) => (n.status_id === null ? [] : [Number(n.status_id)])))).map((s) => [Number(s.id), s]));
  const originals = new Map((await loadStatuses(ctx, [...statuses.values()].flatMap((s) => (s.reblog_of_id === null ? [] : [Number(s.reblog_of_id)])))).map((s) => [Number(s.id), s]));
  return rows.filter((n) => {
    const s = n.status_id === null ? undefined : statuses.get(Number(n.status_id));
    return !s || !hiddenBy(hiding, 'notifications', s, (s.reblog_of_id === null ? undefined : originals.get(Number(s.reblog_of_id))) ?? s);
  });
}

/** The notifications the viewer's `hide` filters of the `notifications` context leave of `rows` (grouped notifications fold what is left). */
export async function withoutFilteredNotifications(ctx: Context, viewer: AccountRow, rows: NotificationRow[]): Promise<NotificationRow[]> {
  const hiding = await hidingFilters(ctx, viewer);
  return hiding.length === 0 ? rows : notHidden(ctx, hiding, rows);
}

async function notificationPage(ctx: Context, viewer: AccountRow, filter: NotificationFilter, w: IdWindow): Promise<NotificationRow[]> {
  const first = await pageNotifications(ctx.db, viewer, filter, w);
  const hiding = await hidingFilters(ctx, viewer);
  if (hiding.length === 0) return first;
  const upwards = w.minId !== undefined;
  let out: NotificationRow[] = [];
  let batch = first;
  for (let round = 0; round < REFILL_ROUNDS; round++) {
    const kept = await notHidden(ctx, hiding, batch);
    out = upwards ? [...kept, ...out] : [...out, ...kept];
    if (out.length >= w.limit || batch.length < w.limit) break;
    const ids = batch.map((n) => Number(n.id));
    batch = await pageNotifications(ctx.db, viewer, filter, upwards ? { ...w, minId: Math.max(...ids) } : { ...w, maxId: Math.min(...ids) });
  }
  return upwards ? out.slice(-w.limit) : out.slice(0, w.limit);
}
