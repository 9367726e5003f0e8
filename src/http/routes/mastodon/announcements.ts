import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { authorize } from '../../../app/authorize.js';
import { presentAdminAnnouncements, presentAnnouncements } from '../../../announcements/announcements.presenter.js';
import { ANNOUNCEMENT_MAX, mayManageAnnouncements } from '../../../announcements/announcements.policy.js';
import { findAnnouncement, pageAllAnnouncements } from '../../../announcements/announcements.repository.js';
import { addReaction, dismissAnnouncement, listAnnouncements, removeReaction } from '../../../announcements/read-announcements.js';
import { type AnnouncementInput, createAnnouncement, deleteAnnouncement, updateAnnouncement } from '../../../announcements/write-announcement.js';
import { formBool, pageQuery, windowOf, idParams } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AdminAnnouncementSchema, AnnouncementSchema, EmptySchema, errorResponses, firstOfBatch } from '../../schemas/index.js';

const reactionParams = z.object({ id: z.string().max(40), name: z.string().min(1).max(100) });
const time = z.preprocess((v) => (v === '' ? null : v), z.string().max(40).nullable().optional());
const announcementBody = z.object({
  text: z.string().max(ANNOUNCEMENT_MAX).optional(),
  starts_at: time,
  ends_at: time,
  all_day: formBool.optional(),
  published: formBool.optional(),
});

function inputOf(b: z.infer<typeof announcementBody>): AnnouncementInput {
  return { text: b.text, starts_at: b.starts_at, ends_at: b.ends_at, all_day: b.all_day, published: b.published };
}

/** Mastodon's announcements for readers, and govblog's admin API that writes them (Mastodon writes them in its admin pages only). */
export async function announcementRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get(
    '/api/v1/announcements',
    { config: { auth: { scope: 'read' } }, schema: { querystring: z.object({ with_dismissed: formBool.optional() }), tags: ['announcements'], response: { 200: z.array(AnnouncementSchema), ...errorResponses } } },
    async (req) => {
      const me = Number(signedIn(req).account.id);
      return presentAnnouncements(ctx, me, await listAnnouncements(ctx, me, req.query.with_dismissed === true));
    },
  );

  app.post('/api/v1/announcements/:id/dismiss', { config: { auth: { scope: 'write:accounts' } }, schema: { params: idParams, tags: ['announcements'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Announcement');
    await dismissAnnouncement(ctx, signedIn(req), id);
    return {};
  });

  for (const [method, action] of [
    ['PUT', addReaction],
    ['DELETE', removeReaction],
  ] as const) {
    app.route({
      method,
      url: '/api/v1/announcements/:id/reactions/:name',
      config: { auth: { scope: 'write:favourites' } },
      schema: { params: reactionParams, tags: ['announcements'], response: { 200: EmptySchema, ...errorResponses } },
      handler: async (req) => {
        const { id: raw, name } = req.params as z.infer<typeof reactionParams>;
        const id = parseId(raw);
        if (id === null) throw notFound('Announcement');
        await action(ctx, signedIn(req), id, name);
        return {};
      },
    });
  }

  // govblog's addition: admins (not reviewers, not operators) write announcements through the API.
  const adminOnly = (req: Parameters<typeof signedIn>[0]) => {
    const actor = signedIn(req);
    authorize(mayManageAnnouncements(actor.account, actor.operator), 'Only admins manage announcements');
    return actor;
  };

  app.get(
    '/api/v1/admin/announcements',
    { config: { auth: { scope: 'admin:read' } }, schema: { querystring: pageQuery(80, 40), tags: ['admin'], summary: 'Every announcement, drafts too (govblog)', response: { 200: z.array(AdminAnnouncementSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = adminOnly(req);
      const rows = await pageAllAnnouncements(ctx.db, windowOf(req.query));
      setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.id) })), req.query.limit);
      return presentAdminAnnouncements(ctx, Number(actor.account.id), rows);
    },
  );

  app.get('/api/v1/admin/announcements/:id', { config: { auth: { scope: 'admin:read' } }, schema: { params: idParams, tags: ['admin'], response: { 200: firstOfBatch(AdminAnnouncementSchema), ...errorResponses } } }, async (req) => {
    const actor = adminOnly(req);
    const id = parseId(req.params.id);
    const row = id === null ? undefined : await findAnnouncement(ctx.db, id);
    if (!row) throw notFound('Announcement');
    const [json] = await presentAdminAnnouncements(ctx, Number(actor.account.id), [row]);
    return json;
  });

  app.post(
    '/api/v1/admin/announcements',
    { config: { auth: { scope: 'admin:write' } }, schema: { body: announcementBody, tags: ['admin'], summary: 'Write an announcement, published at once unless published=false (govblog)', response: { 200: firstOfBatch(AdminAnnouncementSchema), ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await createAnnouncement(ctx, actor, inputOf(req.body));
      const [json] = await presentAdminAnnouncements(ctx, Number(actor.account.id), [row]);
      return json;
    },
  );

  app.put(
    '/api/v1/admin/announcements/:id',
    { config: { auth: { scope: 'admin:write' } }, schema: { params: idParams, body: announcementBody, tags: ['admin'], summary: 'Change, publish or unpublish an announcement (govblog)', response: { 200: firstOfBatch(AdminAnnouncementSchema), ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Announcement');
      const row = await updateAnnouncement(ctx, actor, id, inputOf(req.body));
      const [json] = await presentAdminAnnouncements(ctx, Number(actor.account.id), [row]);
      return json;
    },
  );

  app.delete('/api/v1/admin/announcements/:id', { config: { auth: { scope: 'admin:write' } }, schema: { params: idParams, tags: ['admin'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Announcement');
    await deleteAnnouncement(ctx, signedIn(req), id);
    return {};
  });
}
