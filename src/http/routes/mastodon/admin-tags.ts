import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAdminTags } from '../../../tags/admin-tags.presenter.js';
import { listAdminTags, showAdminTag } from '../../../tags/list-admin-tags.js';
import { updateTagSettings } from '../../../tags/update-admin-tag.js';
import { formBool, idParams, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/index.js';
import { AdminTagSchema } from '../../schemas/trends.js';

const read = { auth: { scope: 'admin:read' } };
const write = { auth: { scope: 'admin:write' } };

/** Mastodon's permitted fields of PUT /api/v1/admin/tags/:id; absent ones stay as they are. */
const TagUpdateBody = z
  .object({
    display_name: z.string().max(200).optional(),
    trendable: formBool.optional(),
    usable: formBool.optional(),
    listable: formBool.optional(),
  })
  .default({});

function tagId(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Tag');
  return id;
}

/**
 * Mastodon's admin API for hashtags (Api::V1::Admin::TagsController): every
 * hashtag paged by id, one, and its settings. Staff who review trends only
 * (src/trends/trends.policy.ts); every change is in the audit log.
 */
export async function adminTagRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  // Mastodon pages them by id, 100 at a time.
  app.get('/api/v1/admin/tags', { config: read, schema: { querystring: pageQuery(200, 100), tags: ['admin'], summary: 'Every hashtag known, newest first', response: { 200: z.array(AdminTagSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listAdminTags(ctx, signedIn(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return presentAdminTags(ctx, rows);
  });

  app.get('/api/v1/admin/tags/:id', { config: read, schema: { params: idParams, tags: ['admin'], summary: 'One hashtag with its settings', response: { 200: AdminTagSchema, ...errorResponses } } }, async (req) => {
    const [json] = await presentAdminTags(ctx, [await showAdminTag(ctx, signedIn(req), tagId(req.params.id))]);
    return json as z.infer<typeof AdminTagSchema>;
  });

  app.put('/api/v1/admin/tags/:id', { config: write, schema: { params: idParams, body: TagUpdateBody, tags: ['admin'], summary: "Change a hashtag's spelling, whether it may trend, be used in new posts and be listed in search", response: { 200: AdminTagSchema, ...errorResponses } } }, async (req) => {
    const b = req.body;
    const row = await updateTagSettings(ctx, signedIn(req), tagId(req.params.id), { displayName: b.display_name, trendable: b.trendable, usable: b.usable, listable: b.listable });
    const [json] = await presentAdminTags(ctx, [row]);
    return json as z.infer<typeof AdminTagSchema>;
  });
}
