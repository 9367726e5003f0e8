import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GROUPABLE_TYPES } from '../../../social/notification-groups.js';
import { countUnread, dismissNotificationGroup, getNotificationGroup, listGroupedNotifications, listNotificationGroupAccounts } from '../../../social/grouped-notifications.js';
import { formInt, pageQuery, windowOf } from '../../forms.js';
import { setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, EmptySchema, GroupedNotificationsSchema, NotificationPolicySchema, UnreadCountSchema, errorResponses } from '../../schemas/index.js';
import { notFound } from '../../../app/errors.js';
import { acknowledgeNotificationSetting } from '../../../social/acknowledge-notification-setting.js';
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

/**
 * govblog filters no notification (no policy holds any back), so the policy is
 * `accept` for every kind and there are never notification requests. The
 * policy can be "set" only to what it is: anything else is a 422, not a
 * setting kept and ignored.
 */
const ACCEPT_ALL = {
  for_not_following: 'accept',
  for_not_followers: 'accept',
  for_new_accounts: 'accept',
  for_private_mentions: 'accept',
  for_limited_accounts: 'accept',
  summary: { pending_requests_count: 0, pending_notifications_count: 0 },
} as const;
const onlyAccept = z.enum(['accept'], { message: 'must be accept: this provider filters no notifications' }).optional();
const policyBody = z.object({ for_not_following: onlyAccept, for_not_followers: onlyAccept, for_new_accounts: onlyAccept, for_private_mentions: onlyAccept, for_limited_accounts: onlyAccept });
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

  app.get('/api/v2/notifications/policy', { config: read, schema: { tags: ['notifications'], response: { 200: NotificationPolicySchema, ...errorResponses } } }, async (req) => {
    signedIn(req);
    return ACCEPT_ALL;
  });
  app.patch('/api/v2/notifications/policy', { config: { auth: { scope: 'write:notifications' } }, schema: { body: policyBody, tags: ['notifications'], response: { 200: NotificationPolicySchema, ...errorResponses } } }, async (req) => {
    await acknowledgeNotificationSetting(ctx, signedIn(req), 'notification_policy.update');
    return ACCEPT_ALL;
  });

  // Notification requests: never any, since nothing is filtered.
  app.get('/api/v1/notifications/requests', { config: read, schema: { querystring: pageQuery(80, 40), tags: ['notifications'], response: { 200: z.array(z.never()), ...errorResponses } } }, async (req) => {
    signedIn(req);
    return [];
  });
  app.get('/api/v1/notifications/requests/merged', { config: read, schema: { tags: ['notifications'], response: { 200: z.object({ merged: z.boolean() }), ...errorResponses } } }, async (req) => {
    signedIn(req);
    return { merged: true };
  });
  for (const action of ['accept', 'dismiss'] as const) {
    app.post(`/api/v1/notifications/requests/${action}`, { config: { auth: { scope: 'write:notifications' } }, schema: { body: z.object({ id: requestIds }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
      await acknowledgeNotificationSetting(ctx, signedIn(req), `notification_requests.${action}`);
      return {};
    });
    app.post(`/api/v1/notifications/requests/:id/${action}`, { config: { auth: { scope: 'write:notifications' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
      signedIn(req);
      throw notFound('Notification request');
    });
  }
  app.get('/api/v1/notifications/requests/:id', { config: read, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    signedIn(req);
    throw notFound('Notification request');
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
