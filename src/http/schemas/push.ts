import { z } from 'zod';
import { ALERT_TYPES, PUSH_POLICIES } from '../../push/alerts.js';
import { id, named } from './registry.js';

/** Mastodon's WebPushSubscription entity; `alerts` carries every switch. */
export const WebPushSubscriptionSchema = named(
  'WebPushSubscription',
  z.object({
    id,
    endpoint: z.string(),
    standard: z.boolean(),
    alerts: z.object(Object.fromEntries(ALERT_TYPES.map((t) => [t, z.boolean()])) as Record<(typeof ALERT_TYPES)[number], z.ZodBoolean>),
    policy: z.enum(PUSH_POLICIES),
    server_key: z.string(),
  }),
);
