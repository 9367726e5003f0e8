import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { NOTIFICATION_TYPES, type NotificationType } from '../../../social/social.table.js';
import type { NotificationFilter } from '../../../social/notifications.repository.js';
import { countUnread } from '../../../social/grouped-notifications.js';
import { clearNotifications } from '../../../social/clear-notifications.js';
import { dismissNotification } from '../../../social/dismiss-notification.js';
import { getNotification } from '../../../social/get-notification.js';
import { listNotifications } from '../../../social/list-notifications.js';
import { formInt, idString, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, NotificationSchema, UnreadCountSchema, errorResponses } from '../../schemas/index.js';

// Types this provider does not have (poll, update, admin.sign_up…) are ignored, as Mastodon ignores unknown ones.
const typeList = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.string().max(60)).max(40).optional());

export const notificationFilterQuery = z.object({
  types: typeList,
  'types[]': typeList,
  exclude_types: typeList,
  'exclude_types[]': typeList,
  account_id: idString.optional(),
});

const listQuery = pageQuery(80, 40).extend(notificationFilterQuery.shape);

const known = (list: readonly string[]): NotificationType[] => list.filter((t): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t));

/**
 * The filter that the query asks for, or null when it asks only for types this
 * provider never sends (Mastodon then answers an empty list).
 */
export function notificationFilterOf(q: z.infer<typeof notificationFilterQuery>): NotificationFilter | null {
  const asked = [...(q.types ?? []), ...(q['types[]'] ?? [])];
  const types = known(asked);
  if (asked.length > 0 && types.length === 0) return null;
  return { types, excludeTypes: known([...(q.exclude_types ?? []), ...(q['exclude_types[]'] ?? [])]), fromAccountId: q.account_id ? Number(q.account_id) : undefined };
}

/** Notifications: mentions, replies, follows, favourites, reblogs and service-request events. */
export async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/notifications', { config: { auth: { scope: 'read:notifications' } }, schema: { querystring: listQuery, tags: ['notifications'], response: { 200: z.array(NotificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const q = req.query;
    const filter = notificationFilterOf(q);
    const list = filter ? await listNotifications(ctx, actor.account, { filter, window: windowOf(q) }) : [];
    setLinkHeader(req, reply, ctx.config.publicUrl, list, q.limit);
    return list;
  });

  app.get(
    '/api/v1/notifications/unread_count',
    { config: { auth: { scope: 'read:notifications' } }, schema: { querystring: notificationFilterQuery.extend({ limit: formInt(1, 1000).default(100) }), tags: ['notifications'], response: { 200: UnreadCountSchema, ...errorResponses } } },
    async (req) => {
      const filter = notificationFilterOf(req.query);
      return { count: filter ? await countUnread(ctx, signedIn(req).account, { filter, limit: req.query.limit }) : 0 };
    },
  );

  app.get('/api/v1/notifications/:id', { config: { auth: { scope: 'read:notifications' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: NotificationSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Notification');
    return getNotification(ctx, actor.account, id);
  });

  app.post('/api/v1/notifications/clear', { config: { auth: { scope: 'write:notifications' } }, schema: { tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await clearNotifications(ctx, signedIn(req));
    return {};
  });

  app.post('/api/v1/notifications/:id/dismiss', { config: { auth: { scope: 'write:notifications' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['notifications'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Notification');
    await dismissNotification(ctx, actor, id);
    return {};
  });
}
