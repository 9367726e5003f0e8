import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import type { Executor } from '../db/database.js';
import { removeFromListsOf } from '../lists/lists.repository.js';
import { purgeFeed } from '../timelines/fan-out.js';
import { deleteFollow, deleteFollowRequest } from './follows.repository.js';

/**
 * Ends `followerId`'s follow of `targetId` (or withdraws its pending request)
 * inside the caller's transaction, with all that comes with it: counters, the
 * target's daily statistics, the target's statuses out of the former
 * follower's feed and lists. Mastodon's UnfollowService, shared by unfollow, block and
 * remove_from_followers. False when there was no follow.
 */
export async function endFollow(trx: Executor, followerId: number, targetId: number, now: string): Promise<boolean> {
  await deleteFollowRequest(trx, followerId, targetId);
  if (!(await deleteFollow(trx, followerId, targetId))) return false;
  await bumpAccountCounter(trx, followerId, 'following_count', -1);
  await bumpAccountCounter(trx, targetId, 'followers_count', -1);
  await bumpDaily(trx, targetId, now, 'followers_lost');
  await purgeFeed(trx, followerId, targetId);
  await removeFromListsOf(trx, followerId, targetId);
  return true;
}
