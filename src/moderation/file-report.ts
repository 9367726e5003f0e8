import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { instanceRules } from '../instance/instance.js';
import type { Caller } from '../operators/operators.policy.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';
import type { ReportCategory } from './moderation.table.js';
import { mayFileReport } from './reports.policy.js';
import { type ReportRow, hasOpenSiblings, insertReport, moderatorsToTell } from './reports.repository.js';
import { notify } from '../social/notify.js';
import { queueDistribution } from '../jobs/distribute.js';

export interface FileReportInput {
  account_id: string;
  status_ids: readonly string[];
  comment?: string | undefined;
  forward: boolean;
  category?: ReportCategory | undefined;
  rule_ids: readonly string[];
}

/**
 * POST /api/v1/reports: a report of an account, and of some of its statuses,
 * into the moderators' queue. As Mastodon: citing rules makes it a
 * `violation`, which must cite at least one; a suspended account cannot be
 * reported (404). The statuses must be the reported account's and visible to
 * the reporter, and the rules the instance's own (422 naming the field).
 * The moderators who may handle it are told with an `admin.report` notification.
 */
export async function fileReport(ctx: Context, caller: Caller, input: FileReportInput): Promise<ReportRow> {
  const target = await findAccountById(ctx.db, Number(input.account_id));
  if (!target || target.closed_at) throw notFound('Account');
  if (!mayFileReport(caller, target)) throw fieldError('account_id', 'ERR_INVALID', 'cannot be your own account', 'report_own_account');
  const statusIds = [...new Set(input.status_ids.map(Number))];
  if (statusIds.length > 0) {
    const found = await visibleTo(ctx.db, caller.account, await findStatuses(ctx.db, statusIds));
    const theirs = new Set(found.filter((s) => Number(s.account_id) === Number(target.id)).map((s) => Number(s.id)));
    if (statusIds.some((id) => !theirs.has(id))) throw fieldError('status_ids', 'ERR_INVALID', 'must be statuses of the reported account', 'report_statuses');
  }
  const known = new Set(instanceRules(ctx).map((r) => r.id));
  const ruleIds = [...new Set(input.rule_ids)];
  if (ruleIds.some((id) => !known.has(id))) throw fieldError('rule_ids', 'ERR_INVALID', 'must be rules of this instance', 'report_rules');
  const category: ReportCategory = ruleIds.length > 0 ? 'violation' : (input.category ?? 'other');
  if (category === 'violation' && ruleIds.length === 0) throw fieldError('rule_ids', 'ERR_BLANK', "can't be blank for a violation");
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await recordReport(trx, { reporterId: Number(caller.account.id), targetId: Number(target.id), statusIds, ruleIds: ruleIds.map(Number), comment: input.comment?.trim() ?? '', category }, now);
    await recordOperatorAct(trx, { account: caller.account, operator: caller.operator }, { action: 'report.create', subjectType: 'report', subjectId: Number(row.id) }, now);
    if (input.forward) await queueDistribution(trx, { type: 'reported', report: Number(row.id) });
    return row;
  });
}

/** A report to record: who reports whom, about which statuses, under which rules. */
export interface NewReport {
  reporterId: number;
  targetId: number;
  statusIds: readonly number[];
  ruleIds: readonly number[];
  comment: string;
  category: ReportCategory;
}

/**
 * Writes a report in the caller's transaction and tells the moderators who
 * may handle it (Mastodon's `admin.report`, once per account in the queue: a
 * report joining open ones about the same account tells nobody anew). Shared
 * by reports filed here and those another server sends (a Flag).
 */
export async function recordReport(trx: Executor, r: NewReport, now: string): Promise<ReportRow> {
  const row = await insertReport(trx, {
    account_id: r.reporterId,
    target_account_id: r.targetId,
    status_ids: JSON.stringify(r.statusIds),
    rule_ids: r.ruleIds.length ? JSON.stringify(r.ruleIds) : null,
    comment: r.comment,
    category: r.category,
    // Set once a copy has gone to the reported account's server (asked with `forward`, for a remote account).
    forwarded: 0,
    assigned_account_id: null,
    action_taken_at: null,
    action_taken_by_account_id: null,
    created_at: now,
    updated_at: now,
  });
  if (!(await hasOpenSiblings(trx, row))) {
    const moderators = await moderatorsToTell(trx, r.targetId);
    await notify(trx, moderators.map((m) => ({ accountId: m, fromAccountId: r.reporterId, type: 'admin.report' as const, reportId: Number(row.id), at: now })));
  }
  return row;
}
