import type { Context } from '../../app/context.js';
import { findAccountById } from '../../accounts/accounts.repository.js';
import { createStatus } from '../create-status.js';
import type { StatusRow } from '../statuses.repository.js';
import { scheduledParams } from './scheduled.presenter.js';
import { deleteScheduled, dueScheduled } from './scheduled.repository.js';

/**
 * Posts every scheduled status that is due, as its author (and operator)
 * through the same use case as a post made now, so every check applies at
 * posting time. Each is claimed by deleting its row first, so two schedulers
 * never post the same one; one that can no longer be posted (its author
 * closed, its parent deleted) is dropped with a log line.
 */
export async function publishDueStatuses(ctx: Context): Promise<StatusRow[]> {
  const due = await dueScheduled(ctx.db, ctx.clock.now().toISOString(), 500);
  const posted: StatusRow[] = [];
  for (const row of due) {
    if (!(await deleteScheduled(ctx.db, row.id))) continue;
    const account = await findAccountById(ctx.db, Number(row.account_id));
    if (!account || account.closed_at) continue;
    const operator = row.operator_id === null ? null : ((await findAccountById(ctx.db, Number(row.operator_id))) ?? null);
    const p = scheduledParams(row);
    try {
      posted.push(await createStatus(ctx, { account, operator, appName: p.appName }, p));
    } catch (err) {
      ctx.log.warn({ err, scheduled: row.id }, 'a scheduled status could not be posted');
    }
  }
  return posted;
}
