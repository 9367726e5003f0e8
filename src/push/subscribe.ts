import type { Context } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { type ActingCaller, recordOperatorAct } from '../audit/record-operator-act.js';
import { type Alerts, type AlertType, type PushPolicy, noAlerts } from './alerts.js';
import { checkEndpoint, checkKeys } from './endpoint.js';
import { presentPushSubscription } from './push.presenter.js';
import { replaceSubscriptionOfToken } from './push.repository.js';
import { sealToken } from './seal.js';
import { vapidKeys } from './vapid.js';

/** The caller of a push route: its account, and the access token the subscription belongs to. */
export interface PushCaller extends ActingCaller {
  tokenId: number;
}

export interface SubscribeInput {
  endpoint: string;
  p256dh: string;
  auth: string;
  standard: boolean;
  alerts: Partial<Record<AlertType, boolean>>;
  policy: PushPolicy;
  /** The bearer token itself, sealed into the row for the payload. */
  bearer: string;
}

/** Switches as given over all off (Mastodon keeps only what is sent; an unsent switch is off). */
export function alertsFrom(given: Partial<Record<AlertType, boolean>>, base: Alerts = noAlerts()): Alerts {
  return { ...base, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as Alerts;
}

/** POST /api/v1/push/subscription: the token's subscription, replacing any it had. */
export async function subscribePush(ctx: Context, caller: PushCaller, input: SubscribeInput) {
  const endpoint = await checkEndpoint(input.endpoint, ctx.config.allowPrivatePeers);
  const keys = checkKeys(input.p256dh, input.auth);
  const vapid = await vapidKeys(ctx);
  const now = ctx.clock.now().toISOString();
  const row = await transaction(ctx, async (trx) => {
    const created = await replaceSubscriptionOfToken(trx, {
      account_id: Number(caller.account.id),
      token_id: caller.tokenId,
      endpoint,
      key_p256dh: keys.p256dh,
      key_auth: keys.auth,
      standard: input.standard ? 1 : 0,
      alerts: JSON.stringify(alertsFrom(input.alerts)),
      policy: input.policy,
      sealed_token: sealToken(input.bearer, vapid.privateKey),
      created_at: now,
      updated_at: now,
    });
    await recordOperatorAct(trx, caller, { action: 'push_subscription.create', subjectType: 'push_subscription', subjectId: Number(created.id) }, now);
    return created;
  });
  return presentPushSubscription(row, vapid.publicKey);
}
