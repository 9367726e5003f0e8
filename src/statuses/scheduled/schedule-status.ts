import type { Context } from '../../app/context.js';
import type { CheckedStatus, Poster } from '../create-status.js';
import { checkScheduledAt } from './scheduled-at.js';
import { type ScheduledRow, insertScheduled } from './scheduled.repository.js';

/** POST /api/v1/statuses with `scheduled_at`: keeps the status; the scheduler posts it as its author (and operator) when due. */
export async function scheduleStatus(ctx: Context, poster: Poster, input: { status: CheckedStatus; scheduledAt: string }): Promise<ScheduledRow> {
  const at = checkScheduledAt(ctx.clock, input.scheduledAt);
  return insertScheduled(ctx.db, {
    account_id: poster.account.id,
    operator_id: poster.operator ? Number(poster.operator.id) : null,
    params: JSON.stringify({ ...input.status, appName: poster.appName ?? null }),
    scheduled_at: at,
    created_at: ctx.clock.now().toISOString(),
  });
}
