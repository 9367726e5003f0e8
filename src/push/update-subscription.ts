import type { Context } from '../app/context.js';
import { notFound } from '../app/errors.js';
import { transaction } from '../app/transaction.js';
import { recordOperatorAct } from '../audit/record-operator-act.js';
import { type AlertType, type PushPolicy, readAlerts } from './alerts.js';
import { presentPushSubscription } from './push.presenter.js';
import { findSubscriptionOfToken, updateSubscriptionData } from './push.repository.js';
import { type PushCaller, alertsFrom } from './subscribe.js';
import { vapidPublicKey } from './vapid.js';

/** PUT /api/v1/push/subscription: changes the token's alerts and policy (the switches not sent stay as they were). */
export async function updatePushSubscription(ctx: Context, caller: PushCaller, input: { alerts: Partial<Record<AlertType, boolean>>; policy: PushPolicy | undefined }) {
  const now = ctx.clock.now().toISOString();
  const row = await transaction(ctx, async (trx) => {
    const current = await findSubscriptionOfToken(trx, caller.tokenId);
    if (!current) throw notFound('Push subscription');
    const updated = await updateSubscriptionData(trx, Number(current.id), {
      alerts: JSON.stringify(alertsFrom(input.alerts, readAlerts(current.alerts))),
      policy: input.policy ?? current.policy,
      updated_at: now,
    });
    await recordOperatorAct(trx, caller, { action: 'push_subscription.update', subjectType: 'push_subscription', subjectId: Number(current.id) }, now);
    return updated;
  });
  return presentPushSubscription(row, await vapidPublicKey(ctx));
}
