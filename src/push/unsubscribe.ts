import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import type { Executor } from '../db/database.js';
import { deleteSubscriptionOfToken, deleteSubscriptionsOfTokens, findSubscriptionOfToken } from './push.repository.js';
import type { PushCaller } from './subscribe.js';

/** DELETE /api/v1/push/subscription: the token's subscription goes (none is not an error, as in Mastodon). */
export async function unsubscribePush(ctx: Context, caller: PushCaller): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transaction(ctx, async (trx) => {
    const current = await findSubscriptionOfToken(trx, caller.tokenId);
    await deleteSubscriptionOfToken(trx, caller.tokenId);
    await recordOperatorAct(trx, caller, { action: 'push_subscription.delete', subjectType: 'push_subscription', subjectId: current ? Number(current.id) : 0 }, now);
  });
}

/** Called where tokens are revoked: their subscriptions go with them, in the same transaction. */
export async function forgetSubscriptionsOfTokens(db: Executor, tokenIds: readonly number[]): Promise<void> {
  await deleteSubscriptionsOfTokens(db, tokenIds);
}
