import type { z } from 'zod';
import type { WebPushSubscriptionSchema } from '../http/schemas/push.js';
import { readAlerts } from './alerts.js';
import type { PushSubscriptionRow } from './push.repository.js';

/** Mastodon's WebPushSubscription entity. */
export function presentPushSubscription(row: PushSubscriptionRow, serverKey: string): z.infer<typeof WebPushSubscriptionSchema> {
  return {
    id: String(row.id),
    endpoint: row.endpoint,
    standard: row.standard === 1,
    alerts: readAlerts(row.alerts),
    policy: row.policy,
    server_key: serverKey,
  };
}
