import { randomBytes } from 'node:crypto';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { enqueue } from '../jobs/enqueue.js';
import { type AnnualReportRow, claimAnnualReport, findAnnualReport, markAnnualReportRead, postedIn, unreadAnnualReports } from './annual-reports.repository.js';
import { ANNUAL_REPORT_SCHEMA } from './compose-report.js';
import { ANNUAL_REPORT_JOB } from './generate-annual-report.js';

export type AnnualReportState = 'available' | 'generating' | 'eligible' | 'ineligible';

/**
 * The year whose reports may be generated now, as Mastodon's campaign runs:
 * from 10 December to the year's end, that year; otherwise none.
 */
export function currentCampaign(now: Date): number | null {
  return now.getUTCMonth() === 11 && now.getUTCDate() >= 10 ? now.getUTCFullYear() : null;
}

/** A year as the route names it (`/annual_reports/2026`); anything else names no report. */
export function parseYear(raw: string): number | null {
  return /^\d{4}$/.test(raw) ? Number(raw) : null;
}

/** GET /api/v1/annual_reports/:year/state */
export async function annualReportState(ctx: Context, account: AccountRow, year: number | null): Promise<AnnualReportState> {
  if (year === null) return 'ineligible';
  const row = await findAnnualReport(ctx.db, Number(account.id), year);
  if (row) return row.data === null ? 'generating' : 'available';
  // Eligible: in the campaign, with at least one post that year to report on.
  return currentCampaign(ctx.clock.now()) === year && (await postedIn(ctx.db, Number(account.id), year)) ? 'eligible' : 'ineligible';
}

/**
 * POST /api/v1/annual_reports/:year/generate: claims the report and queues
 * the job that makes it, in one transaction (generate-annual-report.ts).
 * Outside the campaign, for an ineligible account or once asked, it does
 * nothing and answers the same, as Mastodon does; the state says which.
 */
export async function requestAnnualReport(ctx: Context, caller: ActingCaller, year: number | null): Promise<void> {
  const eligible = year !== null && (await annualReportState(ctx, caller.account, year)) === 'eligible';
  const now = ctx.clock.now();
  await transaction(ctx, async (trx) => {
    const id = eligible ? await claimAnnualReport(trx, { account_id: Number(caller.account.id), year, schema_version: ANNUAL_REPORT_SCHEMA, share_key: randomBytes(8).toString('hex'), created_at: now.toISOString() }) : null;
    // An operator's ask is recorded whether or not it queued anything: the organ's log shows who asked.
    await recordOperatorAct(trx, caller, { action: 'annual_report.generate', subjectType: 'account', subjectId: Number(caller.account.id), data: { year, queued: id !== null } }, now.toISOString());
    if (id !== null) await enqueue(trx, now, [{ kind: ANNUAL_REPORT_JOB, payload: { id } }]);
  });
}

/** GET /api/v1/annual_reports: the generated reports not read yet. */
export async function listAnnualReports(ctx: Context, account: AccountRow): Promise<AnnualReportRow[]> {
  return unreadAnnualReports(ctx.db, Number(account.id));
}

/** GET /api/v1/annual_reports/:year: the generated report, or 404 (none, or still being made). */
export async function getAnnualReport(ctx: Context, account: AccountRow, year: number | null): Promise<AnnualReportRow> {
  const row = year === null ? undefined : await findAnnualReport(ctx.db, Number(account.id), year);
  if (!row || row.data === null) throw notFound('Annual report');
  return row;
}

/** POST /api/v1/annual_reports/:year/read: read, it leaves the list. */
export async function readAnnualReport(ctx: Context, caller: ActingCaller, year: number | null): Promise<void> {
  const row = await getAnnualReport(ctx, caller.account, year);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'annual_report.read', subjectType: 'annual_report', subjectId: Number(row.id), data: { year: Number(row.year) } }, now);
    await markAnnualReportRead(trx, Number(row.id), now);
  });
}
