import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { fieldError } from '../app/errors.js';
import type { Caller } from '../operators/operators.policy.js';
import { callerIsLiveOperator, requireOrgan } from '../operators/standing.js';
import { serviceRowsOf } from '../requests/requests.repository.js';
import { computeServiceStats } from '../requests/service-stats.js';
import { maySeeAnalytics } from './analytics.policy.js';
import { dailyStatsBetween, followerNetAfter } from './analytics.repository.js';
import { addDays, buildDailySeries, daysBetween, isDay, totalsOf } from './daily-series.js';

/** The longest range one call covers, in days (a leap year). */
export const ANALYTICS_MAX_DAYS = 366;
/** The range when none is asked for: the last 30 days, today included. */
export const ANALYTICS_DEFAULT_DAYS = 30;

/** Resolves the asked range against today (UTC); every problem names its field. */
export function analyticsRange(today: string, q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  if (q.from !== undefined && !isDay(q.from)) throw fieldError('from', 'ERR_INVALID', 'must be a day written YYYY-MM-DD', 'day');
  if (q.to !== undefined && !isDay(q.to)) throw fieldError('to', 'ERR_INVALID', 'must be a day written YYYY-MM-DD', 'day');
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(ANALYTICS_DEFAULT_DAYS - 1));
  if (from > to) throw fieldError('from', 'ERR_INVALID', 'must not be after to', 'from_after_to');
  if (daysBetween(from, to) > ANALYTICS_MAX_DAYS) throw fieldError('from', 'ERR_TOO_LONG', `the range spans at most ${ANALYTICS_MAX_DAYS} days`);
  return { from, to };
}

/**
 * GET /api/v1/gov/accounts/:id/analytics: an organ's followers, posts and
 * what its posts received, day by day, with its service record over requests
 * submitted in the range.
 */
export async function organAnalytics(ctx: Context, caller: Caller, organId: number, q: { from?: string | undefined; to?: string | undefined }) {
  const organ = await requireOrgan(ctx.db, organId);
  authorize(maySeeAnalytics(caller, organId, await callerIsLiveOperator(ctx.db, caller, organId)), "Only the organ, its operators and reviewers see an organ's analytics");
  const { from, to } = analyticsRange(ctx.clock.now().toISOString().slice(0, 10), q);
  const [rows, netAfter, service] = await Promise.all([
    dailyStatsBetween(ctx.db, organId, from, to),
    followerNetAfter(ctx.db, organId, to),
    serviceRowsOf(ctx.db, organId, { fromIso: from, toIso: addDays(to, 1) }),
  ]);
  const days = buildDailySeries(from, to, rows, Number(organ.followers_count), netAfter);
  return { account_id: String(organId), from, to, days, totals: totalsOf(days), service: computeServiceStats(service) };
}
