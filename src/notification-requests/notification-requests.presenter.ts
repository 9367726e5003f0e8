import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';
import type { NotificationRequestRow } from './notification-requests.repository.js';

/** Mastodon 4.3's NotificationRequest entities, in a fixed number of queries; a request whose sender is gone is left out. */
export async function presentNotificationRequests(ctx: Context, viewer: AccountRow, rows: readonly NotificationRequestRow[]) {
  if (rows.length === 0) return [];
  const accountRows = await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.from_account_id)))]);
  const accounts = new Map((await presentAccounts(ctx.db, ctx.config, accountRows.filter((a) => !a.closed_at))).map((a) => [a.id, a]));
  const statusRows = await findStatuses(ctx.db, rows.flatMap((r) => (r.last_status_id ? [Number(r.last_status_id)] : [])));
  const statuses = new Map((await presentStatuses(ctx, viewer, await visibleTo(ctx.db, viewer, statusRows))).map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const account = accounts.get(String(r.from_account_id));
    if (!account) return [];
    const last = r.last_status_id ? statuses.get(String(r.last_status_id)) : undefined;
    return [{ id: String(r.id), created_at: r.created_at, updated_at: r.updated_at, account, notifications_count: String(r.notifications_count), ...(last ? { last_status: last } : {}) }];
  });
}
