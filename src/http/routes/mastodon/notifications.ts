import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { NOTIFICATION_TYPES } from '../../../social/social.table.js';
import { clearNotifications } from '../../../social/clear-notifications.js';
import { dismissNotification } from '../../../social/dismiss-notification.js';
import { getNotification } from '../../../social/get-notification.js';
import { listNotifications } from '../../../social/list-notifications.js';
import { idString, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, NotificationSchema, errorResponses } from '../../schemas/index.js';

const typeList = z.preprocess((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]), z.array(z.enum(NOTIFICATION_TYPES)).max(20).optional());

const listQuery = pageQuery(80, 40).extend({
  types: typeList,
  'types[]': typeList,
  exclude_types: typeList,
  'exclude_types[]': typeList,
  account_id: idString.optional(),
});

/** Notifications: mentions, replies, follows, favourites, reblogs and service-request events. */
export async function notificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/notifications', { config: { auth: { scope: 'read:notifications' } }, schema: { querystring: listQuery, tags: ['notifications'], response: { 200: z.array(NotificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const q = req.query;
    const types = [...(q.types ?? []), ...(q['types[]'] ?? [])];
    const excludeTypes = [...(q.exclude_types ?? []), ...(q['exclude_types[]'] ?? [])];
    const list = await listNotifications(ctx, actor.account, { filter: { types, excludeTypes, fromAccountId: q.account_id ? Number(q.account_id) : undefined }, window: windowOf(q) });
    setLinkHeader(req, reply, ctx.config.publicUrl, list, q.limit);
    return list;
  });

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
