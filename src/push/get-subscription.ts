import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { presentPushSubscription } from './push.presenter.js';
import { findSubscriptionOfToken } from './push.repository.js';
import type { PushCaller } from './subscribe.js';
import { vapidPublicKey } from './vapid.js';

/** GET /api/v1/push/subscription: the calling token's own subscription, or 404 (no token sees another's). */
export async function getPushSubscription(ctx: Context, caller: PushCaller) {
  const row = await findSubscriptionOfToken(ctx.db, caller.tokenId);
  if (!row) throw notFound('Push subscription');
  return presentPushSubscription(row, await vapidPublicKey(ctx));
}
