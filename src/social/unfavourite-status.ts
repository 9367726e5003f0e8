import type { Context } from '../app/context.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { type StatusRow, bumpStatusCounter, findStatus } from '../statuses/statuses.repository.js';
import { getPostedStatus } from '../statuses/get-status.js';
import { deleteFavourite } from './favourites.repository.js';
import { deleteNotifications } from './notifications.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/statuses/:id/unfavourite: idempotent; the `favourite` notification goes with it. Returns the status as it now is. */
export async function unfavouriteStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const actor = caller.account;
  const s = await getPostedStatus(ctx, actor, id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'status.unfavourite', subjectType: 'status', subjectId: Number(s.id) }, now);
    if (!(await deleteFavourite(trx, Number(actor.id), Number(s.id)))) return;
    await bumpStatusCounter(trx, Number(s.id), 'favourites_count', -1);
    await queueDistribution(trx, { type: 'unfavourited', account: Number(actor.id), status: Number(s.id) });
    await deleteNotifications(trx, { type: 'favourite', fromAccountId: Number(actor.id), statusId: Number(s.id) });
  });
  return (await findStatus(ctx.db, Number(s.id))) ?? s;
}
