import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { findStatuses, type IdWindow } from '../statuses/statuses.repository.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo, visibleToSql } from '../statuses/visibility.js';
import type { NotificationType } from './social.table.js';

export interface NotificationFilter {
  types?: NotificationType[] | undefined;
  excludeTypes?: NotificationType[] | undefined;
  fromAccountId?: number | undefined;
}

type NotificationRow = Awaited<ReturnType<typeof loadRows>>[number];

async function loadRows(ctx: Context, account: AccountRow, f: NotificationFilter, w: IdWindow) {
  let q = ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', account.id).where('dismissed_at', 'is', null);
  if (f.types?.length) q = q.where('type', 'in', f.types);
  if (f.excludeTypes?.length) q = q.where('type', 'not in', f.excludeTypes);
  if (f.fromAccountId !== undefined) q = q.where('from_account_id', '=', f.fromAccountId);
  // Those present() would drop (a status deleted or not for this reader, a sender gone) are left out here, where the page is cut.
  q = q
    .where((eb) => eb.exists(eb.selectFrom('accounts as na').select('na.id').whereRef('na.id', '=', 'notifications.from_account_id')))
    .where((eb) =>
      eb.or([
        eb('notifications.status_id', 'is', null),
        eb.exists(
          eb
            .selectFrom('statuses as ns')
            .select('ns.id')
            .whereRef('ns.id', '=', 'notifications.status_id')
            .where('ns.deleted_at', 'is', null)
            .where(visibleToSql(account, 'ns')),
        ),
      ]),
    );
  if (w.maxId !== undefined) q = q.where('id', '<', w.maxId);
  if (w.sinceId !== undefined) q = q.where('id', '>', w.sinceId);
  if (w.minId !== undefined) q = q.where('id', '>', w.minId);
  const rows = await q.orderBy('id', w.minId !== undefined ? 'asc' : 'desc').limit(w.limit).execute();
  return w.minId !== undefined ? rows.reverse() : rows;
}

/** Mastodon's Notification entities, with accounts and statuses loaded in batches; a notification whose status the viewer can no longer see is left out. */
async function present(ctx: Context, account: AccountRow, rows: readonly NotificationRow[]) {
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.from_account_id)))]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const statusRows = await visibleTo(ctx.db, account, await findStatuses(ctx.db, rows.flatMap((r) => (r.status_id === null ? [] : [Number(r.status_id)]))));
  const statuses = await presentStatuses(ctx, account, statusRows);
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const from = accountById.get(String(r.from_account_id));
    if (!from) return [];
    const status = r.status_id === null ? null : (statusById.get(String(r.status_id)) ?? undefined);
    if (status === undefined) return [];
    return [
      {
        id: String(r.id),
        type: r.type,
        created_at: r.created_at,
        group_key: `ungrouped-${r.id}`,
        account: from,
        ...(status ? { status } : {}),
        ...(r.request_id !== null ? { request_id: String(r.request_id) } : {}),
      },
    ];
  });
}

export async function listNotifications(ctx: Context, account: AccountRow, f: NotificationFilter, w: IdWindow) {
  return present(ctx, account, await loadRows(ctx, account, f, w));
}

export async function getNotification(ctx: Context, account: AccountRow, id: number) {
  const row = await ctx.db.selectFrom('notifications').selectAll().where('id', '=', id).where('account_id', '=', account.id).where('dismissed_at', 'is', null).executeTakeFirst();
  const [json] = row ? await present(ctx, account, [row]) : [];
  if (!json) throw notFound('Notification');
  return json;
}

export async function dismissNotification(ctx: Context, account: AccountRow, id: number): Promise<void> {
  const r = await ctx.db.updateTable('notifications').set({ dismissed_at: ctx.clock.now().toISOString() }).where('id', '=', id).where('account_id', '=', account.id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound('Notification');
}

export async function clearNotifications(ctx: Context, account: AccountRow): Promise<void> {
  await ctx.db.updateTable('notifications').set({ dismissed_at: ctx.clock.now().toISOString() }).where('account_id', '=', account.id).where('dismissed_at', 'is', null).execute();
}
