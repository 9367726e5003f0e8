import type { Context } from '../app/context.js';
import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { withdrawStatusNotifications } from '../social/notify.js';
import { removeFromFeeds } from '../timelines/fan-out.js';
import { getReblogTarget } from './get-status.js';
import { type StatusRow, bumpStatusCounter, findReblog, findStatus, markStatusesDeleted } from './statuses.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * POST /api/v1/statuses/:id/unreblog: undoes the caller's reblog; returns the
 * original. Not having reblogged it is not an error (Mastodon answers the same).
 */
export async function unreblogStatus(ctx: Context, caller: ActingCaller, id: number): Promise<StatusRow> {
  const target = await getReblogTarget(ctx, caller.account, id);
  const authorId = Number(caller.account.id);
  const reblog = await findReblog(ctx.db, authorId, Number(target.id));
  if (!reblog) return target;
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await markStatusesDeleted(trx, [Number(reblog.id)], now);
    await queueDistribution(trx, { type: 'unreblogged', status: Number(reblog.id) });
    await removeFromFeeds(trx, [Number(reblog.id)]);
    await withdrawStatusNotifications(trx, [Number(reblog.id)]);
    await bumpStatusCounter(trx, Number(target.id), 'reblogs_count', -1);
    await bumpAccountCounter(trx, authorId, 'statuses_count', -1);
    await recordOperatorAct(trx, caller, { action: 'status.unreblog', subjectType: 'status', subjectId: Number(target.id) }, now);
  });
  return (await findStatus(ctx.db, Number(target.id))) ?? target;
}
