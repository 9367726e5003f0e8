import type { Context } from '../app/context.js';
import { AppError, notFound } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { bumpAccountCounter, findAccountById } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import type { Executor } from '../db/database.js';
import { backfillFeed, purgeFeed } from '../timelines/fan-out.js';
import { FOLLOW_LIMIT, followLimitFor, followNeedsApproval, mayFollowMore } from './follows.policy.js';
import { countFollows, deleteFollow, deleteFollowRequest, hasFollowRequest, insertFollow, insertFollowRequest, isFollowing, relationsAmong } from './follows.repository.js';
import { notify } from './notify.js';
import { transaction } from '../app/transaction.js';

async function openAccount(ctx: Context, id: number): Promise<AccountRow> {
  const target = await findAccountById(ctx.db, id);
  if (!target || target.closed_at) throw notFound('Account');
  return target;
}

/**
 * Makes the follow and all that comes with it: counters, the target's daily
 * statistics, a `follow` notification, and the target's recent statuses in the
 * follower's feed. Shared by an open follow and an authorized request.
 */
export async function recordFollow(trx: Executor, followerId: number, targetId: number, now: string): Promise<boolean> {
  const inserted = await insertFollow(trx, followerId, targetId, now);
  if (inserted === undefined) return false;
  await bumpAccountCounter(trx, followerId, 'following_count', 1);
  await bumpAccountCounter(trx, targetId, 'followers_count', 1);
  await bumpDaily(trx, targetId, now, 'followers_gained');
  await notify(trx, [{ accountId: targetId, fromAccountId: followerId, type: 'follow', at: now }]);
  await backfillFeed(trx, followerId, targetId);
  return true;
}

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
 * Follows an account (idempotent). A locked account is not followed at once:
 * the follow waits as a request, told to the account, until it authorizes it.
 */
export async function follow(ctx: Context, actor: AccountRow, targetId: number): Promise<void> {
  await openAccount(ctx, targetId);
  const me = Number(actor.id);
  if (targetId === me) throw new AppError('forbidden', 'An account cannot follow itself');
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    // Read inside the transaction: an account that unlocks accepts the requests pending at that moment.
    const target = await findAccountById(trx, targetId);
    if (!target || target.closed_at) throw notFound('Account');
    if (await isFollowing(trx, me, targetId)) return;
    const approval = followNeedsApproval(target);
    if (approval && (await hasFollowRequest(trx, me, targetId))) return;
    await checkFollowLimit(trx, me);
    if (approval) {
      const asked = await insertFollowRequest(trx, me, targetId, now);
      if (asked !== undefined) await notify(trx, [{ accountId: targetId, fromAccountId: me, type: 'follow_request', at: now }]);
      return;
    }
    await recordFollow(trx, me, targetId, now);
  });
}

/** Unfollows (idempotent), or withdraws a pending request; the target's statuses leave the former follower's feed. */
export async function unfollow(ctx: Context, actor: AccountRow, targetId: number): Promise<void> {
  const target = await openAccount(ctx, targetId);
  const me = Number(actor.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await deleteFollowRequest(trx, me, Number(target.id));
    if (!(await deleteFollow(trx, me, Number(target.id)))) return;
    await bumpAccountCounter(trx, me, 'following_count', -1);
    await bumpAccountCounter(trx, Number(target.id), 'followers_count', -1);
    await bumpDaily(trx, Number(target.id), now, 'followers_lost');
    await purgeFeed(trx, me, Number(target.id));
  });
}

/** Mastodon's Relationship entity for each id, in the order asked, with four queries in all. */
export async function relationships(db: Executor, actor: AccountRow, ids: readonly number[]) {
  const list = [...new Set(ids)];
  const r = await relationsAmong(db, Number(actor.id), list);
  return list.map((id) => ({
    id: String(id),
    following: r.following.has(id),
    showing_reblogs: r.following.has(id),
    notifying: false,
    languages: null,
    followed_by: r.followedBy.has(id),
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: r.requested.has(id),
    requested_by: r.requestedBy.has(id),
    domain_blocking: false,
    endorsed: false,
    note: '',
  }));
}

/** Followers or following of an account, newest follow first, paged by the follow's id. */
export async function listFollows(
  db: Executor,
  accountId: number,
  direction: 'followers' | 'following',
  page: { maxId?: number | undefined; sinceId?: number | undefined; limit: number },
) {
  const [mine, other] = direction === 'followers' ? (['target_account_id', 'account_id'] as const) : (['account_id', 'target_account_id'] as const);
  let q = db
    .selectFrom('follows')
    .innerJoin('accounts', 'accounts.id', `follows.${other}`)
    .selectAll('accounts')
    .select('follows.id as follow_id')
    .where(`follows.${mine}`, '=', accountId)
    .where('accounts.closed_at', 'is', null);
  if (page.maxId !== undefined) q = q.where('follows.id', '<', page.maxId);
  if (page.sinceId !== undefined) q = q.where('follows.id', '>', page.sinceId);
  return q.orderBy('follows.id', 'desc').limit(page.limit).execute();
}
