import type { Context } from '../app/context.js';
import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { purgeFeed } from '../timelines/fan-out.js';
import { removeFromListsOf } from '../lists/lists.repository.js';
import { deleteFollow, deleteFollowRequest } from './follows.repository.js';

/** POST /api/v1/accounts/:id/unfollow (idempotent), or withdraws a pending request; the target's statuses leave the former follower's feed, and the target their lists. */
export async function unfollow(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.unfollow', subjectType: 'account', subjectId: target }, now);
    await deleteFollowRequest(trx, me, target);
    if (!(await deleteFollow(trx, me, target))) return;
    await bumpAccountCounter(trx, me, 'following_count', -1);
    await bumpAccountCounter(trx, target, 'followers_count', -1);
    await bumpDaily(trx, target, now, 'followers_lost');
    await purgeFeed(trx, me, target);
    // As Mastodon's UnfollowService: the account leaves the former follower's lists.
    await removeFromListsOf(trx, me, target);
  });
}
