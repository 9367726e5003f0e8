import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { type AccountRow, updateAccount } from '../accounts/accounts.repository.js';
import { recordAudit } from '../audit/audit.repository.js';
import { transaction } from '../app/transaction.js';
import type { Caller } from '../operators/operators.policy.js';
import { notify } from '../social/notify.js';
import { closeStreamsOf, endSessionsOf, removeAccountFromFeeds } from './account-standing.js';
import { insertAccountWarning } from './account-warnings.repository.js';
import { mayTakeAction } from './admin-accounts.policy.js';
import { getAdminAccount } from './list-admin-accounts.js';
import { organsOperatedBy } from './list-reports.js';
import type { AccountActionType } from './moderation.table.js';
import { mayHandleReport } from './reports.policy.js';
import { findReport, idList, resolveOpenReportsAbout, updateReport } from './reports.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

export interface AccountActionInput {
  type: AccountActionType;
  report_id?: string | undefined;
  warning_preset_id?: string | undefined;
  text?: string | undefined;
  /** Mastodon's switch for telling the account (by e-mail there; here, by its `moderation_warning` notification). */
  send_email_notification: boolean;
}

/**
 * The audit log's subject for a moderator's act on an account. Not `account`:
 * an account reads the entries about it (GET /api/v1/gov/audit_log), and
 * moderators act for the provider, unnamed to the account they act on, as
 * Mastodon keeps them; the account learns what was done from its warning.
 */
export const MODERATED_ACCOUNT = 'moderated_account';

/**
 * POST /api/v1/admin/accounts/:id/action (Mastodon's Admin::AccountAction):
 * the action, a warning (strike) recording it with the report's statuses,
 * the reports it answers resolved (the one given for a mere warning, every
 * open one about the account otherwise), the audit entries, and the account
 * told by a `moderation_warning` notification, unless the moderator chose
 * not to or a bare warning carries no text to tell.
 */
export async function takeAccountAction(ctx: Context, caller: Caller, targetId: number, input: AccountActionInput): Promise<void> {
  const target = await getAdminAccount(ctx, caller, targetId);
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  const conflicted = stakes.has(targetId);
  authorize(mayTakeAction(caller, target, input.type, conflicted), actionRefusal(caller, target, conflicted));
  // No warning presets are kept on this provider, so every preset id names none.
  if (input.warning_preset_id !== undefined) throw notFound('Warning preset');
  const report = input.report_id === undefined ? undefined : await findReport(ctx.db, Number(input.report_id));
  if (input.report_id !== undefined) {
    if (!report) throw notFound('Report');
    if (Number(report.target_account_id) !== targetId) throw fieldError('report_id', 'ERR_INVALID', 'must be a report about this account');
    authorize(mayHandleReport(caller, report, conflicted), 'This report concerns you');
  }
  const text = input.text?.trim() ?? '';
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await applyAction(trx, target, input.type, now);
    const warning = await insertAccountWarning(trx, {
      account_id: me,
      target_account_id: targetId,
      action: input.type,
      text,
      report_id: report ? Number(report.id) : null,
      status_ids: JSON.stringify(report ? idList(report.status_ids) : []),
      created_at: now,
    });
    await recordAudit(trx, {
      actorId: me,
      action: input.type === 'none' ? 'account.warn' : `account.${input.type}`,
      subjectType: MODERATED_ACCOUNT,
      subjectId: targetId,
      data: { account_warning_id: String(warning.id), report_id: report ? String(report.id) : null },
      at: now,
    });
    const resolved =
      input.type === 'none'
        ? report && report.action_taken_at === null
          ? [await updateReport(trx, Number(report.id), { action_taken_at: now, action_taken_by_account_id: me, updated_at: now })]
          : []
        : await resolveOpenReportsAbout(trx, targetId, me, now);
    for (const r of resolved) if (r) await recordAudit(trx, { actorId: me, action: 'report.resolve', subjectType: 'report', subjectId: Number(r.id), at: now });
    if (input.send_email_notification && !(input.type === 'none' && text === '')) {
      await notify(trx, [{ accountId: targetId, fromAccountId: targetId, type: 'moderation_warning', accountWarningId: Number(warning.id), at: now }]);
    }
  });
}

async function applyAction(trx: Parameters<typeof updateAccount>[0], target: AccountRow, type: AccountActionType, now: string): Promise<void> {
  const id = Number(target.id);
  switch (type) {
    case 'none':
      return;
    case 'sensitive':
      await updateAccount(trx, id, { sensitized_at: target.sensitized_at ?? now, updated_at: now });
      return;
    case 'silence':
      await updateAccount(trx, id, { silenced_at: target.silenced_at ?? now, updated_at: now });
      return;
    case 'disable':
      await updateAccount(trx, id, { disabled_at: target.disabled_at ?? now, updated_at: now });
      await closeStreamsOf(trx, id);
      return;
    case 'suspend':
      // Closed too, so that everything that hides a closed account (profile, search, directory, sign-in) hides it.
      await updateAccount(trx, id, { suspended_at: target.suspended_at ?? now, closed_at: target.closed_at ?? now, updated_at: now });
      await endSessionsOf(trx, id, now);
      await removeAccountFromFeeds(trx, id);
      // Other servers hear that the actor is suspended (and hide it) until it is unsuspended.
      await queueDistribution(trx, { type: 'account.updated', account: id });
      return;
  }
}

function actionRefusal(caller: Caller, target: AccountRow, conflicted: boolean): string {
  if (Number(caller.account.id) === Number(target.id)) return 'A moderator cannot act on their own account';
  if (conflicted) return 'A moderator cannot act on an organ they operate or operated';
  return 'This action is not yours to take on this account';
}
