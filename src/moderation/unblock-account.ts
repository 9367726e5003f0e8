import type { Context } from '../app/context.js';
import { getOpenAccount } from '../accounts/get-open-account.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { transaction } from '../app/transaction.js';
import { exclusionsChanged } from '../social/exclusions.js';
import { deleteBlock } from './blocks.repository.js';
import { queueDistribution } from '../jobs/distribute.js';

/** POST /api/v1/accounts/:id/unblock (idempotent): the block ends; follows it ended stay ended (as Mastodon). */
export async function unblockAccount(ctx: Context, caller: ActingCaller, targetId: number): Promise<void> {
  const target = Number((await getOpenAccount(ctx, targetId)).id);
  const me = Number(caller.account.id);
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    await recordOperatorAct(trx, caller, { action: 'account.unblock', subjectType: 'account', subjectId: target }, now);
    if (await deleteBlock(trx, me, target)) {
      exclusionsChanged(trx, [me, target]);
      await queueDistribution(trx, { type: 'unblocked', account: me, target });
    }
  });
}
