import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AlertType, PUSH_POLICIES } from '../../../push/alerts.js';
import { ENDPOINT_MAX } from '../../../push/endpoint.js';
import { getPushSubscription } from '../../../push/get-subscription.js';
import { type PushCaller, subscribePush } from '../../../push/subscribe.js';
import { unsubscribePush } from '../../../push/unsubscribe.js';
import { updatePushSubscription } from '../../../push/update-subscription.js';
import { formBool } from '../../forms.js';
import { bearerOf, signedIn } from '../../plugins/auth.js';
import { EmptySchema, WebPushSubscriptionSchema, errorResponses } from '../../schemas/index.js';
import type { FastifyRequest } from 'fastify';

const flag = formBool.optional();

/** data[alerts]: Mastodon's keys (`admin.sign_up`), and the nested `admin: {sign_up}` that masto.js sends. */
const alertsInput = z
  .object({
    mention: flag,
    status: flag,
    reblog: flag,
    follow: flag,
    follow_request: flag,
    favourite: flag,
    poll: flag,
    update: flag,
    'admin.sign_up': flag,
    'admin.report': flag,
    admin: z.object({ sign_up: flag, report: flag }).optional(),
  })
  .optional()
  .nullable();

const dataInput = z.object({ alerts: alertsInput, policy: z.enum(PUSH_POLICIES).optional() }).optional().nullable();

const createBody = z.object({
  subscription: z.object({
    endpoint: z.string().max(ENDPOINT_MAX),
    keys: z.object({ p256dh: z.string().max(200), auth: z.string().max(100) }),
    standard: flag,
  }),
  data: dataInput,
  // masto.js sends the policy beside `data`; Mastodon reads data[policy]. Either is taken.
  policy: z.enum(PUSH_POLICIES).optional(),
});

const updateBody = z.object({ data: dataInput, policy: z.enum(PUSH_POLICIES).optional() }).optional().nullable();

function alertsOf(data: z.infer<typeof dataInput>): Partial<Record<AlertType, boolean>> {
  const a = data?.alerts ?? {};
  const out: Partial<Record<AlertType, boolean>> = {};
  for (const [k, v] of Object.entries(a)) if (k !== 'admin' && typeof v === 'boolean') out[k as AlertType] = v;
  if (a.admin?.sign_up !== undefined) out['admin.sign_up'] = a.admin.sign_up;
  if (a.admin?.report !== undefined) out['admin.report'] = a.admin.report;
  return out;
}

function pushCaller(req: FastifyRequest): PushCaller {
  const actor = signedIn(req);
  return { account: actor.account, operator: actor.operator, tokenId: actor.tokenId };
}

const auth = { auth: { scope: 'push' } };

/** Web Push subscriptions, one per access token (Mastodon's /api/v1/push/subscription). */
export async function pushRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/push/subscription', { config: auth, schema: { body: createBody, tags: ['push'], response: { 200: WebPushSubscriptionSchema, ...errorResponses } } }, async (req) => {
    const b = req.body;
    return subscribePush(ctx, pushCaller(req), {
      endpoint: b.subscription.endpoint,
      p256dh: b.subscription.keys.p256dh,
      auth: b.subscription.keys.auth,
      standard: b.subscription.standard ?? false,
      alerts: alertsOf(b.data),
      policy: b.data?.policy ?? b.policy ?? 'all',
      bearer: bearerOf(req) as string,
    });
  });

  app.get('/api/v1/push/subscription', { config: auth, schema: { tags: ['push'], response: { 200: WebPushSubscriptionSchema, ...errorResponses } } }, async (req) => getPushSubscription(ctx, pushCaller(req)));

  app.put('/api/v1/push/subscription', { config: auth, schema: { body: updateBody, tags: ['push'], response: { 200: WebPushSubscriptionSchema, ...errorResponses } } }, async (req) =>
    updatePushSubscription(ctx, pushCaller(req), { alerts: alertsOf(req.body?.data), policy: req.body?.data?.policy ?? req.body?.policy }),
  );

  app.delete('/api/v1/push/subscription', { config: auth, schema: { tags: ['push'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await unsubscribePush(ctx, pushCaller(req));
    return {};
  });
}
