import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { deleteFollowRequest, followUriOf } from './follows.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/follow_requests/:id/reject: the request and its notification go; no follow is made. */
export async function rejectFollowRequest(ctx: Context, caller: ActingCaller, requesterId: number): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const follow = await followUriOf(trx, requesterId, Number(caller.account.id));
    if (!(await deleteFollowRequest(trx, requesterId, Number(caller.account.id)))) throw notFound('Follow request');
    await queueDistribution(trx, { type: 'follow.rejected', follower: requesterId, followee: Number(caller.account.id), ...(follow ? { follow } : {}) });
    await recordOperatorAct(trx, caller, { action: 'follow_request.reject', subjectType: 'account', subjectId: requesterId }, now);
  });
}
