import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GROUPABLE_TYPES } from '../../../social/notification-groups.js';
import { countUnread, dismissNotificationGroup, getNotificationGroup, listGroupedNotifications, listNotificationGroupAccounts } from '../../../social/grouped-notifications.js';
import { formBool, formInt, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, EmptySchema, GroupedNotificationsSchema, NotificationPolicySchema, NotificationPolicyV1Schema, NotificationRequestSchema, UnreadCountSchema, errorResponses, firstOfBatch } from '../../schemas/index.js';
import { notFound } from '../../../app/errors.js';
import { acceptNotificationRequests, dismissNotificationRequests, getNotificationPolicy, getNotificationRequest, listNotificationRequests, updateNotificationPolicy } from '../../../notification-requests/notification-requests.js';
import { presentNotificationRequests } from '../../../notification-requests/notification-requests.presenter.js';
import { notificationFilterOf, notificationFilterQuery } from './notifications.js';

const list = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().max(60)).max(40).optional());

const groupingQuery = z.object({
  grouped_types: list,
  'grouped_types[]': list,
  // Accounts always come whole here; `partial_avatars` is accepted and answered in full.
  expand_accounts: z.enum(['full', 'partial_avatars']).optional(),
  include_filtered: z.string().max(10).optional(),
});

function groupedTypesOf(q: z.infer<typeof groupingQuery>): readonly string[] {
  const asked = [...(q.grouped_types ?? []), ...(q['grouped_types[]'] ?? [])];
  return asked.length ? GROUPABLE_TYPES.filter((t) => asked.includes(t)) : GROUPABLE_TYPES;
}

const keyParams = z.object({ group_key: z.string().max(80) });

const policyAction = z.enum(['accept', 'filter', 'drop']).optional();
const policyBody = z.object({ for_not_following: policyAction, for_not_followers: policyAction, for_new_accounts: policyAction, for_private_mentions: policyAction, for_limited_accounts: policyAction });
/** Mastodon 4.3's v1 policy: each v2 action seen as a boolean (anything but `accept` filters). */
const V1_POLICY_FIELDS = [
  ['filter_not_following', 'for_not_following'],
  ['filter_not_followers', 'for_not_followers'],
  ['filter_new_accounts', 'for_new_accounts'],
  ['filter_private_mentions', 'for_private_mentions'],
] as const;
const policyV1Body = z.object({ filter_not_following: formBool.optional(), filter_not_followers: formBool.optional(), filter_new_accounts: formBool.optional(), filter_private_mentions: formBool.optional() });
type PolicyV2 = Awaited<ReturnType<typeof getNotificationPolicy>>;
function presentPolicyV1(p: PolicyV2): z.infer<typeof NotificationPolicyV1Schema> {
  return {
    filter_not_following: p.for_not_following !== 'accept',
    filter_not_followers: p.for_not_followers !== 'accept',
    filter_new_accounts: p.for_new_accounts !== 'accept',
    filter_private_mentions: p.for_private_mentions !== 'accept',
    summary: p.summary,
  };
}
const requestIds = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().max(30)).max(100).optional());

/** Mastodon 4.3's grouped notifications (`/api/v2/notifications`). */
export async function groupedNotificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const read = { auth: { scope: 'read:notifications' } };

  app.get(
    '/api/v2/notifications',
    { config: read, schema: { querystring: pageQuery(80, 40).extend(notificationFilterQuery.shape).extend(groupingQuery.shape), tags: ['notifications'], response: { 200: GroupedNotificationsSchema, ...errorResponses } } },
    async (req, reply) => {
      const q = req.query;
      const filter = notificationFilterOf(q);
      if (!filter) return { accounts: [], statuses: [], notification_groups: [] };
      const { result, consumed } = await listGroupedNotifications(ctx, signedIn(req).account, { filter, window: windowOf(q), groupedTypes: groupedTypesOf(q) });
      // The next page starts below the last notification this one folded in.
      setLinkHeader(req, reply, ctx.config.publicUrl, consumed, result.notification_groups.length >= q.limit ? 0 : Number.MAX_SAFE_INTEGER);
      return result;
    },
  );

  app.get('/api/v2/notifications/policy', { config: read, schema: { tags: ['notifications'], response: { 200: NotificationPolicySchema, ...errorResponses } } }, async (req) =>
    getNotificationPolicy(ctx, Number(signedIn(req).account.id)),
  );
  // PATCH and PUT alike, as Rails routes an update (masto.js sends PUT).
  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/v2/notifications/policy',
      config: { auth: { scope: 'write:notifications' } },
      schema: { body: policyBody, tags: ['notifications'], response: { 200: NotificationPolicySchema, ...errorResponses } },
      handler: async (req) => updateNotificationPolicy(ctx, signedIn(req), req.body),
    });
  }

  // The v1 policy (Mastodon 4.3 keeps it beside v2): booleans over the same stored policy; `true` sets `filter`, `false` sets `accept`, as Mastodon's compatibility setters.
  app.get('/api/v1/notifications/policy', { config: read, schema: { tags: ['notifications'], response: { 200: NotificationPolicyV1Schema, ...errorResponses } } }, async (req) =>
    presentPolicyV1(await getNotificationPolicy(ctx, Number(signedIn(req).account.id))),
  );
  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/v1/notifications/policy',
      config: { auth: { scope: 'write:notifications' } },
      schema: { body: policyV1Body, tags: ['notifications'], response: { 200: NotificationPolicyV1Schema, ...errorResponses } },
      handler: async (req) => {
        const body = req.body ?? {};
        const patch: Record<string, 'filter' | 'accept'> = {};
        for (const [v1, v2] of V1_POLICY_FIELDS) {
          const value = body[v1];
          if (value !== undefined) patch[v2] = value ? 'filter' : 'accept';
        }
        await updateNotificationPolicy(ctx, signedIn(req), patch);
        return presentPolicyV1(await getNotificationPolicy(ctx, Number(signedIn(req).account.id)));
      },
    });
  }

  app.get(
    '/api/v1/notifications/requests',
    { config: read, schema: { querystring: pageQuery(80, 40), tags: ['notifications'], response: { 200: z.array(NotificationRequestSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const rows = await listNotificationRequests(ctx, Number(actor.account.id), windowOf(req.query));
      setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.id) })), req.query.limit);
      return presentNotificationRequests(ctx, actor.account, rows);
    },
  );
  // Accepting is done at once (no background merge), so the merge is always finished.
  app.get('/api/v1/notifications/requests/merged', { config: read, schema: { tags: ['notifications'], response: { 200: z.object({ merged: z.boolean() }), ...errorResponses } } }, async (req) => {
    signedIn(req);
    return { merged: true };
  });
  for (const [action, run] of [
    ['accept', acceptNotificationRequests],
    ['dismiss', dismissNotificationRequests],
  ] as const) {
    app.post(`/api/v1/notifications/requests/${action}`, { config: { auth: { scope: 'write:notifications' } }, schema: { body: z.object({ id: requestIds }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
      const ids = (req.body.id ?? []).flatMap((raw) => {
        const id = parseId(raw);
        return id === null ? [] : [id];
      });
      await run(ctx, signedIn(req), ids, false);
      return {};
    });
    app.post(`/api/v1/notifications/requests/:id/${action}`, { config: { auth: { scope: 'write:notifications' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Notification request');
      await run(ctx, actor, [id], true);
      return {};
    });
  }
  app.get('/api/v1/notifications/requests/:id', { config: read, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: firstOfBatch(NotificationRequestSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Notification request');
    const [json] = await presentNotificationRequests(ctx, actor.account, [await getNotificationRequest(ctx, Number(actor.account.id), id)]);
    if (!json) throw notFound('Notification request');
    return json;
  });

  app.get(
    '/api/v2/notifications/unread_count',
    { config: read, schema: { querystring: notificationFilterQuery.extend(groupingQuery.shape).extend({ limit: formInt(1, 1000).default(100) }), tags: ['notifications'], response: { 200: UnreadCountSchema, ...errorResponses } } },
    async (req) => {
      const filter = notificationFilterOf(req.query);
      return { count: filter ? await countUnread(ctx, signedIn(req).account, { filter, limit: req.query.limit, groupedTypes: groupedTypesOf(req.query) }) : 0 };
    },
  );

  app.get('/api/v2/notifications/:group_key', { config: read, schema: { params: keyParams, tags: ['notifications'], response: { 200: GroupedNotificationsSchema, ...errorResponses } } }, async (req) =>
    getNotificationGroup(ctx, signedIn(req).account, req.params.group_key),
  );

  app.get('/api/v2/notifications/:group_key/accounts', { config: read, schema: { params: keyParams, tags: ['notifications'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) =>
    listNotificationGroupAccounts(ctx, signedIn(req).account, req.params.group_key),
  );

  app.post('/api/v2/notifications/:group_key/dismiss', { config: { auth: { scope: 'write:notifications' } }, schema: { params: keyParams, tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await dismissNotificationGroup(ctx, signedIn(req), req.params.group_key);
    return {};
  });
}
