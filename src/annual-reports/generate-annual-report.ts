import type { Context } from '../app/context.js';
import type { JobHandler } from '../jobs/runner.js';
import { PermanentJobError } from '../jobs/runner.js';
import { loadGovProfiles } from '../verification/gov-profiles.repository.js';
import {
  findAnnualReportById,
  followTimesOfYear,
  followerGainsOfYear,
  hashtagsOfYear,
  organRequestsOfYear,
  statusCountsOfYear,
  statusesOfYear,
  storeAnnualReport,
} from './annual-reports.repository.js';
import { composeAnnualReport } from './compose-report.js';

export const ANNUAL_REPORT_JOB = 'annual_report.generate';

/**
 * Fills in a claimed report (annual-reports.ts queued it with the claim, in
 * one transaction). Idempotent: a report already filled is left as it is, so
 * a job run twice (delivery is at least once) writes it once.
 */
export async function generateAnnualReport(ctx: Context, payload: unknown): Promise<void> {
  const id = Number((payload as { id?: unknown } | null)?.id);
  if (!Number.isSafeInteger(id)) throw new PermanentJobError(`annual report job without an id: ${JSON.stringify(payload)}`);
  const row = await findAnnualReportById(ctx.db, id);
  if (!row || row.data !== null) return;
  const accountId = Number(row.account_id);
  const year = Number(row.year);
  const [statuses, hashtags, followingTimes, followerTimes, everyonesStatuses, everyonesFollowerGains, profiles] = await Promise.all([
    statusesOfYear(ctx.db, accountId, year),
    // Mastodon lists hashtags used more than once.
    hashtagsOfYear(ctx.db, accountId, year, 2, 40),
    followTimesOfYear(ctx.db, accountId, year, 'following'),
    followTimesOfYear(ctx.db, accountId, year, 'followers'),
    statusCountsOfYear(ctx.db, year),
    followerGainsOfYear(ctx.db, year),
    loadGovProfiles(ctx.db, [accountId]),
  ]);
  const organ = profiles.get(accountId)?.kind === 'institutional';
  const data = composeAnnualReport({
    accountId,
    statuses: statuses.map((s) => ({ ...s, id: Number(s.id), replies_count: Number(s.replies_count), reblogs_count: Number(s.reblogs_count), favourites_count: Number(s.favourites_count) })),
    hashtags,
    followingTimes,
    followerTimes,
    everyonesStatuses,
    everyonesFollowerGains,
    serviceRequests: organ ? await organRequestsOfYear(ctx.db, accountId, year) : null,
  });
  await storeAnnualReport(ctx.db, id, data);
}

export const annualReportJobHandler: JobHandler = {
  kind: ANNUAL_REPORT_JOB,
  run: (ctx, payload) => generateAnnualReport(ctx, payload),
};
