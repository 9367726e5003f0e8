import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import { findAccountById } from '../accounts/accounts.repository.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import type { Executor } from '../db/database.js';
import { transaction } from '../app/transaction.js';
import { FOLLOW_LIMIT, followLimitFor, followNeedsApproval, mayFollowMore } from './follows.policy.js';
import { countFollows, hasFollowRequest, insertFollowRequest, isFollowing } from './follows.repository.js';
import { notify } from './notify.js';
import { recordFollow } from './record-follow.js';
import { authorize } from '../app/authorize.js';
import { mayFollowAcross } from '../moderation/blocks.policy.js';
import { blockBetween } from '../moderation/blocks.repository.js';
import { type FollowOptions, setFollowOptions, setRequestOptions } from './follow-options.js';
import { queueDistribution } from '../jobs/distribute.js';

/** Refuses one more follow beyond Mastodon's limit (FollowLimitValidator). */
async function checkFollowLimit(trx: Executor, accountId: number): Promise<void> {
  const following = await countFollows(trx, accountId, 'following');
  if (following < FOLLOW_LIMIT) return;
  const followers = await countFollows(trx, accountId, 'followers');
  if (!mayFollowMore(following, followers)) {
    throw new AppError('follow_limit_reached', `You cannot follow more than ${Math.max(FOLLOW_LIMIT, followLimitFor(following, followers))} accounts`);
  }
}

/**
 * POST /api/v1/accounts/:id/follow (idempotent). A locked account is not
 * followed at once: the follow waits as a request, told to the account, until
 * it authorizes it. The options given (notify, reblogs, languages) are set on
 * the follow or the request; following again with other options changes them.
 */
export async function follow(ctx: Context, caller: ActingCaller, targetId: number, options: FollowOptions = {}): Promise<void> {
  const me = Number(caller.account.id);
  if (targetId === me) throw new AppError('forbidden', 'An account cannot follow itself');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    // Read inside the transaction: an account that unlocks accepts the requests pending at that moment.
    const target = await findAccountById(trx, targetId);
    if (!target || target.closed_at) throw notFound('Account');
    // Mastodon's FollowService#following_not_allowed?: neither side of a block follows the other (403).
    const b = await blockBetween(trx, me, targetId);
    authorize(mayFollowAcross({ actorBlocks: b.aBlocksB, blocksActor: b.bBlocksA }));
    await recordOperatorAct(trx, caller, { action: 'account.follow', subjectType: 'account', subjectId: targetId }, now);
    if (await isFollowing(trx, me, targetId)) return setFollowOptions(trx, me, targetId, options);
    const approval = followNeedsApproval(target);
    if (approval && (await hasFollowRequest(trx, me, targetId))) return setRequestOptions(trx, me, targetId, options);
    await checkFollowLimit(trx, me);
    if (approval) {
      const asked = await insertFollowRequest(trx, me, targetId, now);
      if (asked !== undefined) {
        // A remote account is told by its server (federation delivers the Follow), not by a notification here.
        if (target.domain === null) await notify(trx, [{ accountId: targetId, fromAccountId: me, type: 'follow_request', at: now }]);
        await queueDistribution(trx, { type: 'followed', follower: me, followee: targetId });
      }
      return setRequestOptions(trx, me, targetId, options);
    }
    if (await recordFollow(trx, me, targetId, now)) await queueDistribution(trx, { type: 'followed', follower: me, followee: targetId });
    await setFollowOptions(trx, me, targetId, options);
  });
}
