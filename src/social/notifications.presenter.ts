import type { Context } from '../app/context.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { presentAccounts } from '../accounts/accounts.presenter.js';
import { findAccountsByIds } from '../accounts/accounts.repository.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { visibleTo } from '../statuses/visibility.js';
import { type RequestStep, isRequestStep } from '../domain/service-request.js';
import type { NotificationRow } from './notifications.repository.js';
import { groupKeyOf } from './notification-groups.js';
import { findAccountWarnings } from '../moderation/account-warnings.repository.js';
import { presentAccountWarnings } from '../moderation/account-warnings.presenter.js';
import { findReports } from '../moderation/reports.repository.js';
import { presentReports } from '../moderation/reports.presenter.js';
import { loadNotifiedVerifications, presentVerificationDecision } from '../verification/verification.presenter.js';

/** The `request_step` of a service request's notification, as a field to spread (absent for the others). */
export function requestStepOf(r: Pick<NotificationRow, 'request_step'>): { request_step?: RequestStep } {
  return r.request_step !== null && isRequestStep(r.request_step) ? { request_step: r.request_step } : {};
}

/** Mastodon's Notification entities, with accounts and statuses loaded in batches; a notification whose status the viewer can no longer see is left out. */
export async function presentNotifications(ctx: Context, viewer: AccountRow, rows: readonly NotificationRow[]) {
  const accounts = await presentAccounts(ctx.db, ctx.config, await findAccountsByIds(ctx.db, [...new Set(rows.map((r) => Number(r.from_account_id)))]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const statusRows = await visibleTo(ctx.db, viewer, await findStatuses(ctx.db, rows.flatMap((r) => (r.status_id === null ? [] : [Number(r.status_id)]))));
  const rowById = new Map(statusRows.map((s) => [Number(s.id), s]));
  // A reblog notification shows the status that was reblogged, as Mastodon's (its target_status), not the reblog itself.
  const originalIds = statusRows.flatMap((s) => (s.reblog_of_id === null ? [] : [Number(s.reblog_of_id)]));
  const originals = await visibleTo(ctx.db, viewer, await findStatuses(ctx.db, originalIds.filter((id) => !rowById.has(id))));
  const shown = [...statusRows.filter((s) => s.reblog_of_id === null), ...originals];
  const statuses = await presentStatuses(ctx, viewer, shown);
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const statusById = new Map(statusRows.map((s) => [String(s.id), byId.get(String(s.reblog_of_id ?? s.id))]));
  const targetOf = (r: NotificationRow) => {
    if (r.status_id === null) return null;
    const s = rowById.get(Number(r.status_id));
    return s?.reblog_of_id != null ? Number(s.reblog_of_id) : Number(r.status_id);
  };
  const warnings = await presentAccountWarnings(ctx, await findAccountWarnings(ctx.db, rows.flatMap((r) => (r.account_warning_id === null ? [] : [Number(r.account_warning_id)]))));
  const reports = await presentReports(ctx, await findReports(ctx.db, rows.flatMap((r) => (r.report_id === null ? [] : [Number(r.report_id)]))));
  const notified = await loadNotifiedVerifications(ctx.db, rows.flatMap((r) => (r.verification_id === null ? [] : [Number(r.verification_id)])));
  return rows.flatMap((r) => {
    const from = accountById.get(String(r.from_account_id));
    if (!from) return [];
    const warning = r.account_warning_id === null ? undefined : warnings.get(Number(r.account_warning_id));
    const report = r.report_id === null ? undefined : reports.get(Number(r.report_id));
    const application = r.verification_id === null ? undefined : notified.get(Number(r.verification_id));
    const decision = application ? presentVerificationDecision(application, r.verification_state) : undefined;
    const status = r.status_id === null ? null : (statusById.get(String(r.status_id)) ?? undefined);
    if (status === undefined) return [];
    return [
      {
        id: String(r.id),
        type: r.type,
        created_at: r.created_at,
        group_key: groupKeyOf(r, targetOf(r)),
        account: from,
        ...(status ? { status } : {}),
        ...(r.request_id !== null ? { request_id: String(r.request_id) } : {}),
        ...requestStepOf(r),
        ...(warning ? { moderation_warning: warning } : {}),
        ...(report ? { report } : {}),
        ...(decision ? { verification: decision } : {}),
      },
    ];
  });
}
