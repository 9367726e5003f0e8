import type { Context } from '../app/context.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { isFollowing } from '../social/follows.repository.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { backfillFeed } from '../timelines/fan-out.js';
import { deleteMute } from './blocks.repository.js';

/** POST /api/v1/accounts/:id/unmute (idempotent), as Mastodon's UnmuteService: a followed account's recent statuses come back to the feed. */
export async function unmuteAccount(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.unmute', subjectType: 'account', subjectId: target }, now);
    if (!(await deleteMute(trx, me, target))) return;
    if (await isFollowing(trx, me, target)) await backfillFeed(trx, me, target);
    exclusionsChanged(trx, [me]);
  });
}
