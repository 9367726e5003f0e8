import type { Context } from '../app/context.js';
import { fieldError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type CheckedStatus, type Poster, createStatus } from './create-status.js';
import type { StatusRow } from './statuses.repository.js';

/** Mastodon will not schedule closer than five minutes ahead. */
const MIN_LEAD_MS = 5 * 60 * 1000;

type ScheduledRow = { id: number; account_id: number; operator_id: number | null; params: string; scheduled_at: string; created_at: string };

export function presentScheduled(r: ScheduledRow) {
  const p = JSON.parse(r.params) as CheckedStatus & { appName: string | null };
  return {
    id: String(r.id),
    scheduled_at: r.scheduled_at,
    params: {
      text: p.text,
      poll: null,
      media_ids: null,
      sensitive: p.spoiler !== '',
      spoiler_text: p.spoiler || null,
      visibility: p.visibility,
      idempotency: null,
      scheduled_at: null,
      in_reply_to_id: p.inReplyTo === null ? null : String(p.inReplyTo),
      language: p.language,
      application_id: null,
      with_rate_limit: false,
    },
    media_attachments: [] as unknown[],
  };
}

function checkTime(ctx: Context, scheduledAt: string): string {
  const t = Date.parse(scheduledAt);
  if (Number.isNaN(t)) throw fieldError('scheduled_at', 'ERR_INVALID', 'must be an ISO 8601 timestamp');
  if (t < ctx.clock.now().getTime() + MIN_LEAD_MS) throw fieldError('scheduled_at', 'ERR_INVALID', 'must be at least 5 minutes in the future');
  return new Date(t).toISOString();
}

/** Keeps a status to post later; the scheduler posts it as its author (and operator) when due. */
export async function scheduleStatus(ctx: Context, poster: Poster, checked: CheckedStatus, scheduledAt: string) {
  const at = checkTime(ctx, scheduledAt);
  const row = await ctx.db
    .insertInto('scheduled_statuses')
    .values({
      account_id: poster.account.id,
      operator_id: poster.operator ? Number(poster.operator.id) : null,
      params: JSON.stringify({ ...checked, appName: poster.appName ?? null }),
      scheduled_at: at,
      created_at: ctx.clock.now().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return row as ScheduledRow;
}

export async function listScheduled(ctx: Context, account: AccountRow, page: { maxId?: number | undefined; limit: number }) {
  let q = ctx.db.selectFrom('scheduled_statuses').selectAll().where('account_id', '=', account.id);
  if (page.maxId !== undefined) q = q.where('id', '<', page.maxId);
  return (await q.orderBy('id', 'desc').limit(page.limit).execute()) as ScheduledRow[];
}

export async function getScheduled(ctx: Context, account: AccountRow, id: number): Promise<ScheduledRow> {
  const row = await ctx.db.selectFrom('scheduled_statuses').selectAll().where('id', '=', id).where('account_id', '=', account.id).executeTakeFirst();
  if (!row) throw notFound('Scheduled status');
  return row as ScheduledRow;
}

export async function rescheduleStatus(ctx: Context, account: AccountRow, id: number, scheduledAt: string): Promise<ScheduledRow> {
  await getScheduled(ctx, account, id);
  const at = checkTime(ctx, scheduledAt);
  return (await ctx.db.updateTable('scheduled_statuses').set({ scheduled_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as ScheduledRow;
}

export async function cancelScheduled(ctx: Context, account: AccountRow, id: number): Promise<void> {
  await getScheduled(ctx, account, id);
  await ctx.db.deleteFrom('scheduled_statuses').where('id', '=', id).execute();
}

/**
 * Posts every scheduled status that is due. Each is claimed by deleting its
 * row first, so two schedulers never post the same one; a status that can no
 * longer be posted (its author closed, its parent deleted) is dropped with a log line.
 */
export async function publishDueStatuses(ctx: Context): Promise<StatusRow[]> {
  const now = ctx.clock.now().toISOString();
  const due = (await ctx.db.selectFrom('scheduled_statuses').selectAll().where('scheduled_at', '<=', now).orderBy('scheduled_at').limit(500).execute()) as ScheduledRow[];
  const posted: StatusRow[] = [];
  for (const row of due) {
    const claimed = await ctx.db.deleteFrom('scheduled_statuses').where('id', '=', row.id).executeTakeFirst();
    if (Number(claimed.numDeletedRows) === 0) continue;
    const account = await findAccountById(ctx.db, Number(row.account_id));
    if (!account || account.closed_at) continue;
    const operator = row.operator_id === null ? null : ((await findAccountById(ctx.db, Number(row.operator_id))) ?? null);
    const p = JSON.parse(row.params) as CheckedStatus & { appName: string | null };
    try {
      posted.push(await createStatus(ctx, { account, operator, appName: p.appName }, p));
    } catch (err) {
      ctx.log.warn({ err, scheduled: row.id }, 'a scheduled status could not be posted');
    }
  }
  return posted;
}
