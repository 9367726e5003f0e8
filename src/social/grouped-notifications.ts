import type { Context } from '../app/context.js';
import { findAccountWarnings } from '../moderation/account-warnings.repository.js';
import { presentAccountWarnings } from '../moderation/account-warnings.presenter.js';
import { findReports } from '../moderation/reports.repository.js';
import { presentReports } from '../moderation/reports.presenter.js';
import { loadNotifiedVerifications, presentVerificationDecision } from '../verification/verification.presenter.js';
import type { VerificationRow } from '../verification/verifications.repository.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { type IdWindow, type StatusRow, findStatuses } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';
import { findMarkers } from '../markers/markers.repository.js';
import { GROUPABLE_TYPES, type GroupDraft, foldGroups, parseGroupKey } from './notification-groups.js';
import { type NotificationFilter, type NotificationRow, dismissNotificationRows, findNotification, pageNotifications } from './notifications.repository.js';
import { withoutFilteredNotifications } from './list-notifications.js';
import { requestStepOf } from './notifications.presenter.js';

/** Accounts shown per group, as Mastodon samples them. */
const SAMPLE_ACCOUNTS = 8;

export interface GroupedOptions {
  filter: NotificationFilter;
  window: IdWindow;
  /** Types to group; others come one notification a group. */
  groupedTypes: readonly string[];
}

/** The status each notification is about: a reblog's original, else its own status. */
async function targetsOf(ctx: Context, rows: readonly NotificationRow[]): Promise<Map<number, StatusRow>> {
  const ids = [...new Set(rows.flatMap((r) => (r.status_id === null ? [] : [Number(r.status_id)])))];
  const own = await findStatuses(ctx.db, ids);
  const originals = await findStatuses(ctx.db, [...new Set(own.flatMap((s) => (s.reblog_of_id === null ? [] : [Number(s.reblog_of_id)])))]);
  const byId = new Map([...own, ...originals].map((s) => [Number(s.id), s]));
  const out = new Map<number, StatusRow>();
  for (const s of own) {
    const target = s.reblog_of_id === null ? s : byId.get(Number(s.reblog_of_id));
    if (target) out.set(Number(s.id), target);
  }
  return out;
}

/** Mastodon 4.3's GroupedNotificationsResults for a list of groups. */
async function presentGroups(ctx: Context, viewer: AccountRow, groups: readonly GroupDraft[], targets: Map<number, StatusRow>) {
  const samples = groups.map((g) => [...new Set(g.rows.map((r) => Number(r.from_account_id)))].slice(0, SAMPLE_ACCOUNTS));
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(samples.flat())]));
  const statusRows = [...new Map(groups.flatMap((g) => (g.target === null ? [] : [[g.target, targets.get(Number(g.rows[0]?.status_id))] as const])).filter((e): e is readonly [number, StatusRow] => e[1] !== undefined)).values()];
  const statuses = await presentStatuses(ctx, viewer, await visibleTo(ctx.db, viewer, statusRows));
  const shown = new Set(statuses.map((s) => s.id));
  const reports = await presentReports(ctx, await findReports(ctx.db, groups.flatMap((g) => (g.rows[0]?.report_id == null ? [] : [Number(g.rows[0].report_id)]))));
  const warnings = await presentAccountWarnings(ctx, await findAccountWarnings(ctx.db, groups.flatMap((g) => (g.rows[0]?.account_warning_id == null ? [] : [Number(g.rows[0].account_warning_id)]))));
  const notified = await loadNotifiedVerifications(ctx.db, groups.flatMap((g) => (g.rows[0]?.verification_id == null ? [] : [Number(g.rows[0].verification_id)])));
  return {
    accounts,
    statuses,
    notification_groups: groups
      .map((g, i) => {
        const first = g.rows[0] as NotificationRow;
        const last = g.rows[g.rows.length - 1] as NotificationRow;
        const statusId = g.target === null ? null : String(g.target);
        return {
          group_key: g.key,
          notifications_count: g.rows.length,
          type: g.type,
          most_recent_notification_id: String(first.id),
          page_min_id: String(last.id),
          page_max_id: String(first.id),
          latest_page_notification_at: first.created_at,
          sample_account_ids: (samples[i] ?? []).map(String),
          ...(statusId !== null ? { status_id: statusId } : {}),
          ...(first.request_id !== null ? { request_id: String(first.request_id) } : {}),
          ...requestStepOf(first),
          ...(first.account_warning_id !== null && warnings.has(Number(first.account_warning_id)) ? { moderation_warning: warnings.get(Number(first.account_warning_id)) } : {}),
          ...(first.report_id !== null && reports.has(Number(first.report_id)) ? { report: reports.get(Number(first.report_id)) } : {}),
          ...(first.verification_id !== null && notified.has(Number(first.verification_id)) ? { verification: presentVerificationDecision(notified.get(Number(first.verification_id)) as VerificationRow, first.verification_state) } : {}),
          keep: statusId === null || shown.has(statusId),
        };
      })
      .filter((g) => g.keep)
      .map(({ keep: _keep, ...g }) => g),
  };
}

function targetIdOf(targets: Map<number, StatusRow>) {
  return (r: NotificationRow) => (r.status_id === null ? null : Number(targets.get(Number(r.status_id))?.id ?? r.status_id));
}

/** GET /api/v2/notifications: a page of notification groups; `consumed` gives the page's id range for its Link header. */
export async function listGroupedNotifications(ctx: Context, viewer: AccountRow, o: GroupedOptions) {
  const read = await pageNotifications(ctx.db, viewer, o.filter, { ...o.window, limit: Math.min(o.window.limit * 5, 400) });
  // As v1: a notification about a status the viewer's `hide` filters of `notifications` match is left out before folding.
  const rows = await withoutFilteredNotifications(ctx, viewer, read);
  const targets = await targetsOf(ctx, rows);
  const { groups, consumed } = foldGroups(rows, targetIdOf(targets), o.window.limit, o.groupedTypes);
  return { result: await presentGroups(ctx, viewer, groups, targets), consumed };
}

/** The notifications a group_key names for this account (newest first), or 404. */
async function rowsOfGroup(ctx: Context, viewer: AccountRow, key: string): Promise<NotificationRow[]> {
  const parsed = parseGroupKey(key);
  if (!parsed) throw notFound('Notification group');
  if (parsed.kind === 'single') {
    const row = await findNotification(ctx.db, Number(viewer.id), parsed.id);
    if (!row) throw notFound('Notification group');
    return [row];
  }
  const rows = await pageNotifications(
    ctx.db,
    viewer,
    { types: [parsed.type], createdFrom: parsed.from, createdBefore: parsed.before, ...(parsed.statusId !== null ? { aboutStatusId: parsed.statusId } : {}) },
    { limit: 400 },
  );
  if (rows.length === 0) throw notFound('Notification group');
  return rows;
}

/** GET /api/v2/notifications/:group_key */
export async function getNotificationGroup(ctx: Context, viewer: AccountRow, key: string) {
  const rows = await rowsOfGroup(ctx, viewer, key);
  const targets = await targetsOf(ctx, rows);
  const { groups } = foldGroups(rows, targetIdOf(targets), 1, GROUPABLE_TYPES);
  const result = await presentGroups(ctx, viewer, groups, targets);
  if (result.notification_groups.length === 0) throw notFound('Notification group');
  return result;
}

/** GET /api/v2/notifications/:group_key/accounts: everyone in the group, newest first. */
export async function listNotificationGroupAccounts(ctx: Context, viewer: AccountRow, key: string) {
  const rows = await rowsOfGroup(ctx, viewer, key);
  const ids = [...new Set(rows.map((r) => Number(r.from_account_id)))];
  const found = new Map((await findAccountsByIds(ctx.db, ids)).map((a) => [Number(a.id), a]));
  return presentAccounts(ctx.db, ctx.config, ids.flatMap((id) => (found.has(id) ? [found.get(id) as AccountRow] : [])));
}

/** POST /api/v2/notifications/:group_key/dismiss: every notification of the group. */
export async function dismissNotificationGroup(ctx: Context, caller: ActingCaller, key: string): Promise<void> {
  const rows = await rowsOfGroup(ctx, caller.account, key);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await dismissNotificationRows(trx, Number(caller.account.id), rows.map((r) => Number(r.id)), now);
    for (const r of rows) await recordOperatorAct(trx, caller, { action: 'notification.dismiss', subjectType: 'notification', subjectId: Number(r.id) }, now);
  });
}

/**
 * Unread notifications: those newer than the account's notifications marker
 * (all of them when it has none), at most `limit`; grouped counts groups.
 */
export async function countUnread(ctx: Context, viewer: AccountRow, o: { filter: NotificationFilter; limit: number; groupedTypes?: readonly string[] }): Promise<number> {
  const [marker] = await findMarkers(ctx.db, Number(viewer.id), ['notifications']);
  const after = marker && /^\d{1,18}$/.test(marker.last_read_id) ? Number(marker.last_read_id) : undefined;
  if (!o.groupedTypes) return (await pageNotifications(ctx.db, viewer, o.filter, { sinceId: after, limit: o.limit })).length;
  const rows = await pageNotifications(ctx.db, viewer, o.filter, { sinceId: after, limit: Math.min(o.limit * 5, 2000) });
  const targets = await targetsOf(ctx, rows);
  return foldGroups(rows, targetIdOf(targets), o.limit, o.groupedTypes).groups.length;
}
