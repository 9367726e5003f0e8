import type { Context } from '../app/context.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { endFollow } from './end-follow.js';
import { followUriOf } from './follows.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/accounts/:id/remove_from_followers (idempotent): the account stops following the caller (Mastodon's RemoveFromFollowersService). */
export async function removeFromFollowers(ctx: Context, caller: ActingCaller, followerId: number): Promise<void> {
  const follower = Number((await getOpenAccount(ctx, followerId)).id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.remove_from_followers', subjectType: 'account', subjectId: follower }, now);
    const follow = await followUriOf(trx, follower, me);
    if (await endFollow(trx, follower, me, now)) await queueDistribution(trx, { type: 'follow.rejected', follower, followee: me, ...(follow ? { follow } : {}) });
  });
}
