import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { dismissNotificationRow } from './notifications.repository.js';

/** POST /api/v1/notifications/:id/dismiss: one of the caller's notifications, or 404. */
export async function dismissNotification(ctx: Context, caller: ActingCaller, id: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    if (!(await dismissNotificationRow(trx, Number(caller.account.id), id, now))) throw notFound('Notification');
    await recordOperatorAct(trx, caller, { action: 'notification.dismiss', subjectType: 'notification', subjectId: id }, now);
  });
}
