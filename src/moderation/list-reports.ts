import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { notFound } from '../app/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import { isModerator, mayReadReport } from './reports.policy.js';
import { type ReportRow, findReport, listReports } from './reports.repository.js';

/** The accounts a moderator has a stake in: organs they operate or operated (themself is checked by the policy). */
export async function organsOperatedBy(ctx: Context, accountId: number): Promise<Set<number>> {
  const rows = await ctx.db.selectFrom('operators').select('organ_account_id').where('operator_account_id', '=', accountId).execute();
  return new Set(rows.map((r) => Number(r.organ_account_id)));
}

export interface ReportListQuery {
  resolved?: boolean | undefined;
  account_id?: string | undefined;
  target_account_id?: string | undefined;
  max_id?: string | undefined;
  since_id?: string | undefined;
  min_id?: string | undefined;
  limit: number;
}

/**
 * GET /api/v1/admin/reports: the queue, newest first; unresolved unless
 * `resolved` (as Mastodon's ReportFilter). Reports that concern the
 * moderator (about them, or an organ they operate or operated) are left out.
 */
export async function listReportsFor(ctx: Context, caller: Caller, q: ReportListQuery): Promise<ReportRow[]> {
  authorize(isModerator(caller), 'Only moderators read the report queue');
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  return listReports(ctx.db, {
    resolved: q.resolved === true,
    accountId: q.account_id === undefined ? undefined : Number(q.account_id),
    targetAccountId: q.target_account_id === undefined ? undefined : Number(q.target_account_id),
    excludeTargets: [Number(caller.account.id), ...stakes],
    maxId: q.max_id === undefined ? undefined : Number(q.max_id),
    sinceId: q.since_id === undefined ? undefined : Number(q.since_id),
    minId: q.min_id === undefined ? undefined : Number(q.min_id),
    limit: q.limit,
  });
}

/** One report a moderator may read; to anyone else, and to a moderator it concerns, it does not exist once the role is checked. */
export async function getReportFor(ctx: Context, caller: Caller, id: number): Promise<ReportRow> {
  // The role first: someone who is no moderator gets the same 403 for every id.
  authorize(isModerator(caller), 'Only moderators read reports');
  const report = await findReport(ctx.db, id);
  if (!report) throw notFound('Report');
  const stakes = await organsOperatedBy(ctx, Number(caller.account.id));
  authorize(mayReadReport(caller, report, stakes.has(Number(report.target_account_id))), undefined, true);
  return report;
}
