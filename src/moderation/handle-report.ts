import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError, notFound } from '../app/errors.js';
import { recordAudit } from '../audit/audit.repository.js';
import { transaction } from '../app/transaction.js';
import { instanceRules } from '../instance/instance.js';
import type { Caller } from '../operators/operators.policy.js';
import { getReportFor, organsOperatedBy } from './list-reports.js';
import type { ReportCategory } from './moderation.table.js';
import { mayHandleReport } from './reports.policy.js';
import { type ReportRow, idList, updateReport } from './reports.repository.js';

export type ReportStep = 'assign_to_self' | 'unassign' | 'resolve' | 'reopen';

/**
 * A moderator's step on a report in the queue (Mastodon's assign_to_self,
 * unassign, resolve, reopen), audited as Mastodon logs it. Each is
 * idempotent: resolving a resolved report keeps its first resolution.
 */
export async function takeReportStep(ctx: Context, caller: Caller, id: number, step: ReportStep): Promise<ReportRow> {
  const report = await getReportFor(ctx, caller, id);
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  authorize(mayHandleReport(caller, report, stakes.has(Number(report.target_account_id))), 'This report concerns you');
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const patch =
      step === 'assign_to_self'
        ? { assigned_account_id: me }
        : step === 'unassign'
          ? { assigned_account_id: null }
          : step === 'resolve'
            ? report.action_taken_at === null
              ? { action_taken_at: now, action_taken_by_account_id: me }
              : {}
            : { action_taken_at: null, action_taken_by_account_id: null };
    const row = await updateReport(trx, id, { ...patch, updated_at: now });
    if (!row) throw notFound('Report');
    await recordAudit(trx, { actorId: me, action: `report.${step}`, subjectType: 'report', subjectId: id, at: now });
    return row;
  });
}

/** PUT /api/v1/admin/reports/:id: a moderator recategorises a report (rules only for a violation, and then at least one, as Mastodon). */
export async function updateReportCategory(ctx: Context, caller: Caller, id: number, input: { category?: ReportCategory | undefined; rule_ids?: readonly string[] | undefined }): Promise<ReportRow> {
  const report = await getReportFor(ctx, caller, id);
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  authorize(mayHandleReport(caller, report, stakes.has(Number(report.target_account_id))), 'This report concerns you');
  const category = input.category ?? report.category;
  const known = new Set(instanceRules(ctx).map((r) => r.id));
  const ruleIds = input.rule_ids === undefined ? (category === 'violation' ? null : []) : [...new Set(input.rule_ids)];
  if (ruleIds !== null && ruleIds.some((r) => !known.has(r))) throw fieldError('rule_ids', 'ERR_INVALID', 'must be rules of this instance');
  if (category !== 'violation' && ruleIds !== null && ruleIds.length > 0) throw fieldError('rule_ids', 'ERR_PRESENT', 'must be blank unless the category is violation');
  const kept = ruleIds === null ? idList(report.rule_ids).map(String) : ruleIds;
  if (category === 'violation' && kept.length === 0) throw fieldError('rule_ids', 'ERR_BLANK', "can't be blank for a violation");
  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    const row = await updateReport(trx, id, { category, rule_ids: category === 'violation' ? JSON.stringify(kept.map(Number)) : null, updated_at: now });
    if (!row) throw notFound('Report');
    await recordAudit(trx, { actorId: Number(caller.account.id), action: 'report.update', subjectType: 'report', subjectId: id, data: { category, rule_ids: category === 'violation' ? kept : null }, at: now });
    return row;
  });
}
