import type { Context } from '../app/context.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { endFollow } from '../social/end-follow.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { purgeAuthorFromFeed } from '../timelines/fan-out.js';
import { mayBlockOrMute } from './blocks.policy.js';
import { deleteNotificationsFromTo, insertBlock } from './blocks.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/**
 * POST /api/v1/accounts/:id/block (idempotent), as Mastodon's BlockService and
 * AfterBlockService: follows and pending follow requests end both ways, the
 * block is recorded, the blocked account's statuses and reblogs of them leave
 * the blocker's feed and its notifications to the blocker are removed; both
 * parties' cached exclusions are forgotten in every process once committed.
 */
export async function blockAccount(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  if (!mayBlockOrMute(me, target)) return;
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.block', subjectType: 'account', subjectId: target }, now);
    await endFollow(trx, me, target, now);
    await endFollow(trx, target, me, now);
    if (!(await insertBlock(trx, me, target, now))) return;
    // The other server ends the follows there too (Mastodon's Block activity).
    await queueDistribution(trx, { type: 'blocked', account: me, target });
    await purgeAuthorFromFeed(trx, me, target);
    await deleteNotificationsFromTo(trx, target, me);
    exclusionsChanged(trx, [me, target]);
  });
}
