import type { Context } from '../../app/context.js';
import { notFound } from '../../app/errors.js';
import type { AccountRow } from '../../accounts/accounts.repository.js';
import { type ScheduledRow, findScheduledOf } from './scheduled.repository.js';

/** GET /api/v1/scheduled_statuses/:id: only the caller's own; anyone else's is not found. */
export async function getScheduled(ctx: Context, caller: AccountRow, id: number): Promise<ScheduledRow> {
  const row = await findScheduledOf(ctx.db, Number(caller.id), id);
  if (!row) throw notFound('Scheduled status');
  return row;
}
