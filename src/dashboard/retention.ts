import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorize } from '../app/authorize.js';
import type { Context } from '../app/context.js';
import { fieldError } from '../app/errors.js';
import type { AdminCohortJson } from '../http/schemas/admin.js';
import { lastSignInOf } from '../oauth/activity.repository.js';
import { mayViewDashboard } from './dashboard.policy.js';
import { accountsOpenedBetween } from './dashboard.repository.js';
import { DEFAULT_PERIOD_DAYS, isOpen } from './period.js';

export type Frequency = 'day' | 'month';
/** The most cohorts one answer holds (each has up to as many cells): longer asks are refused, not computed. */
export const MAX_COHORTS = 400;

/** The start of the day or month a time falls in, as YYYY-MM-DD. */
function truncate(iso: string, f: Frequency): string {
  return f === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 7)}-01`;
}

function next(period: string, f: Frequency): string {
  const d = new Date(`${period}T00:00:00Z`);
  if (f === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

function periodStart(field: string, text: string | undefined, f: Frequency, fallback: Date): string {
  if (isOpen(text)) return truncate(fallback.toISOString(), f);
  const t = Date.parse(text);
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}/.test(text.trim())) throw fieldError(field, 'ERR_INVALID', 'is not an ISO 8601 date or time');
  return truncate(new Date(t).toISOString(), f);
}

/**
 * POST /api/v1/admin/retention: for each day (or month) from start_at to
 * end_at, the accounts opened in it, and for it and each later period the
 * share of them last active then or later. "Active" is the last sign-in (as
 * Mastodon reads it) or the last post, whichever is later; an account with
 * neither was last active when it opened. An unknown frequency is `day`, as in Mastodon.
 */
export async function retrieveRetention(ctx: Context, actor: AccountRow, input: { start_at?: string | undefined; end_at?: string | undefined; frequency?: string | undefined }): Promise<AdminCohortJson[]> {
  authorize(mayViewDashboard(actor), 'Only admins see the dashboard');
  const f: Frequency = input.frequency === 'month' ? 'month' : 'day';
  // Left out, as for the measures: the period ends today and starts DEFAULT_PERIOD_DAYS before.
  const today = ctx.clock.now();
  const last = periodStart('end_at', input.end_at, f, today);
  const first = periodStart('start_at', input.start_at, f, new Date(Date.parse(`${last}T00:00:00Z`) - (DEFAULT_PERIOD_DAYS - 1) * 86_400_000));
  if (last < first) throw fieldError('end_at', 'ERR_BEFORE_START', 'is before start_at');
  const periods: string[] = [];
  for (let p = first; p <= last; p = next(p, f)) {
    periods.push(p);
    if (periods.length > MAX_COHORTS) throw fieldError('end_at', 'ERR_TOO_LONG', `makes more than ${MAX_COHORTS} cohorts`);
  }
  const opened = await accountsOpenedBetween(ctx.db, `${first}T00:00:00.000Z`, `${next(last, f)}T00:00:00.000Z`);
  const seen = await lastSignInOf(ctx.db, opened.map((a) => a.id));
  const byCohort = new Map<string, string[]>();
  for (const a of opened) {
    const cohort = truncate(a.created_at, f);
    const lastActive = truncate([seen.get(a.id) ?? a.created_at, a.last_status_at ?? a.created_at, a.created_at].sort().at(-1) as string, f);
    const list = byCohort.get(cohort) ?? [];
    list.push(lastActive);
    byCohort.set(cohort, list);
  }
  const stamp = (p: string) => `${p}T00:00:00+00:00`;
  return periods.map((cohort) => {
    const members = byCohort.get(cohort) ?? [];
    return {
      period: stamp(cohort),
      frequency: f,
      data: periods
        .filter((p) => p >= cohort)
        .map((p) => {
          const value = members.filter((m) => m >= p).length;
          return { date: stamp(p), rate: value / Math.max(members.length, 1), value: String(value) };
        }),
    };
  });
}
