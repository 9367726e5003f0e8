import { bumpAccountCounter } from '../accounts/accounts.repository.js';
import { bumpDaily } from '../analytics/daily-stats.repository.js';
import type { Executor } from '../db/database.js';
import { backfillFeed } from '../timelines/fan-out.js';
import { insertFollow } from './follows.repository.js';
import { notify } from './notify.js';

/**
 * Makes the follow and all that comes with it, inside the caller's
 * transaction: counters, the target's daily statistics, a `follow`
 * notification, and the target's recent statuses in the follower's feed.
 * Shared by an open follow and an authorized request. False when the follow existed.
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
