import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorize } from '../app/authorize.js';
import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import type { AdminMeasureJson } from '../http/schemas/admin.js';
import { signInDays } from '../oauth/activity.repository.js';
import { mayViewDashboard } from './dashboard.policy.js';
import { type DayCounts, actingDays, columnsOf, interactionsByDay, newAccountsByDay, reportsByDay, tagAccountsBetween, tagExists, tagUseByDay } from './dashboard.repository.js';
import { type DayPeriod, dayStamp, parsePeriod } from './period.js';

/** The measures this provider computes, in Mastodon's names. The instance_* ones wait for federation: asked for, they are left out, as Mastodon leaves out keys it does not know. */
export const MEASURE_KEYS = ['active_users', 'new_users', 'interactions', 'opened_reports', 'resolved_reports', 'tag_accounts', 'tag_uses', 'tag_servers'] as const;
type MeasureKey = (typeof MEASURE_KEYS)[number];
const TAG_MEASURES = new Set<string>(['tag_accounts', 'tag_uses', 'tag_servers']);

export interface MeasuresInput {
  keys: readonly string[];
  start_at?: string | undefined;
  end_at?: string | undefined;
  /** Per-key parameters (`tag_uses: { id }`), as Mastodon nests them. */
  params: Record<string, unknown>;
}

interface Figures {
  total: number;
  previous: number;
  data: DayCounts;
}

function sum(m: DayCounts): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

function fromCounts(now: DayCounts, before: DayCounts): Figures {
  return { total: sum(now), previous: sum(before), data: now };
}

/**
 * Active accounts: those that signed in (Mastodon's measure), posted,
 * favourited or followed on the day; a reader who stays signed in and only
 * reads counts on the days they signed in. The total is the distinct accounts
 * over the period, as Mastodon counts it.
 */
async function activeUsers(ctx: Context, p: DayPeriod): Promise<{ total: number; data: DayCounts }> {
  const [acting, seen] = await Promise.all([actingDays(ctx.db, p.from, p.until), signInDays(ctx.db, p.from, p.until)]);
  const perDay = new Map<string, Set<number>>();
  const all = new Set<number>();
  for (const r of [...acting, ...seen]) {
    let set = perDay.get(r.day);
    if (!set) perDay.set(r.day, (set = new Set()));
    set.add(r.account_id);
    all.add(r.account_id);
  }
  return { total: all.size, data: new Map([...perDay].map(([d, s]) => [d, s.size])) };
}

/** Opened or resolved reports, read from the reports table when that feature's table is there; zeros until it is. */
async function reports(ctx: Context, column: 'created_at' | 'action_taken_at', p: DayPeriod): Promise<DayCounts> {
  const columns = await columnsOf(ctx.db, 'reports');
  if (!columns.has(column)) return new Map();
  return reportsByDay(ctx.db, column, p.from, p.until);
}

function tagIdOf(key: string, params: Record<string, unknown>): number {
  const raw = (params[key] as { id?: unknown } | undefined)?.id;
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('bad_request', `${key}[id] is missing or not an id`, { [`${key}[id]`]: [{ error: 'ERR_BLANK', description: 'is required for this measure' }] });
  return id;
}

async function figures(ctx: Context, key: MeasureKey, period: DayPeriod, previous: DayPeriod, params: Record<string, unknown>): Promise<Figures> {
  switch (key) {
    case 'active_users': {
      const [now, before] = await Promise.all([activeUsers(ctx, period), activeUsers(ctx, previous)]);
      return { total: now.total, previous: before.total, data: now.data };
    }
    case 'new_users':
      return fromCounts(await newAccountsByDay(ctx.db, period.from, period.until), await newAccountsByDay(ctx.db, previous.from, previous.until));
    case 'interactions':
      return fromCounts(await interactionsByDay(ctx.db, period.days[0] as string, period.days.at(-1) as string), await interactionsByDay(ctx.db, previous.days[0] as string, previous.days.at(-1) as string));
    case 'opened_reports':
      return fromCounts(await reports(ctx, 'created_at', period), await reports(ctx, 'created_at', previous));
    case 'resolved_reports':
      return fromCounts(await reports(ctx, 'action_taken_at', period), await reports(ctx, 'action_taken_at', previous));
    case 'tag_accounts':
    case 'tag_uses':
    case 'tag_servers': {
      const tagId = tagIdOf(key, params);
      if (!(await tagExists(ctx.db, tagId))) throw new AppError('not_found', 'Tag not found');
      const [now, before] = await Promise.all([tagUseByDay(ctx.db, tagId, period.from, period.until), tagUseByDay(ctx.db, tagId, previous.from, previous.until)]);
      const pick = (rows: typeof now): DayCounts =>
        new Map(rows.map((r) => [r.day, key === 'tag_uses' ? r.uses : key === 'tag_accounts' ? r.accounts : r.uses > 0 ? 1 : 0]));
      if (key === 'tag_accounts') {
        // Distinct accounts over the period, not the sum of each day's.
        return { total: await tagAccountsBetween(ctx.db, tagId, period.from, period.until), previous: await tagAccountsBetween(ctx.db, tagId, previous.from, previous.until), data: pick(now) };
      }
      if (key === 'tag_servers') {
        // Every author is local here: one server used it, or none.
        return { total: now.length > 0 ? 1 : 0, previous: before.length > 0 ? 1 : 0, data: pick(now) };
      }
      return fromCounts(pick(now), pick(before));
    }
  }
}

/** POST /api/v1/admin/measures: each known key's total, the previous period's, and a value per day. */
export async function retrieveMeasures(ctx: Context, actor: AccountRow, input: MeasuresInput): Promise<AdminMeasureJson[]> {
  authorize(mayViewDashboard(actor), 'Only admins see the dashboard');
  const { period, previous } = parsePeriod(input, ctx.clock.now());
  const keys = [...new Set(input.keys)].filter((k): k is MeasureKey => (MEASURE_KEYS as readonly string[]).includes(k));
  const out: AdminMeasureJson[] = [];
  for (const key of keys) {
    const f = await figures(ctx, key, period, previous, TAG_MEASURES.has(key) ? input.params : {});
    out.push({
      key,
      unit: null,
      total: String(f.total),
      previous_total: String(f.previous),
      data: period.days.map((d) => ({ date: dayStamp(d), value: String(f.data.get(d) ?? 0) })),
    });
  }
  return out;
}
