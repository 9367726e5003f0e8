import type { Context } from '../app/context.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { endFollow } from './end-follow.js';
import { followUriOf } from './follows.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/accounts/:id/unfollow (idempotent), or withdraws a pending request; the target's statuses leave the former follower's feed, and the target their lists. */
export async function unfollow(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.unfollow', subjectType: 'account', subjectId: target }, now);
    const follow = await followUriOf(trx, me, target);
    await endFollow(trx, me, target, now);
    // Also when only a request was pending: a remote server may hold it (it answers later, or never).
    await queueDistribution(trx, { type: 'unfollowed', follower: me, followee: target, ...(follow ? { follow } : {}) });
  });
}
