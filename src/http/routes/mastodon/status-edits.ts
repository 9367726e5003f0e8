import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { editStatus } from '../../../statuses/edit-status.js';
import { getStatusHistory } from '../../../statuses/get-history.js';
import { getStatusSource } from '../../../statuses/get-source.js';
import { presentStatus } from '../../../statuses/hydrate.js';
import { formBool, idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { StatusEditSchema, StatusSchema, StatusSourceSchema, errorResponses } from '../../schemas/index.js';
import { pollBody, posterOf } from './statuses.js';

const idValue = z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v), z.string().max(30));

const editBody = z.object({
  status: z.string().max(20_000).optional(),
  spoiler_text: z.string().max(2000).optional(),
  sensitive: formBool.optional(),
  language: z.preprocess((v) => (v === null ? undefined : v), z.string().max(20).optional()),
  media_ids: z.array(idValue).max(4).optional(),
  media_attributes: z
    .array(z.object({ id: idValue, description: z.string().max(10_000).optional(), focus: z.string().max(40).optional(), thumbnail: z.unknown().optional() }))
    .max(4)
    .optional(),
  poll: pollBody,
});

function statusId(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Status');
  return id;
}

/** Editing statuses: PUT /api/v1/statuses/:id, its history and its source (Mastodon 3.5). */
export async function statusEditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const posting = { ...RATE_LIMITS.posting, hook: 'preHandler' as const, keyGenerator: (req: { actor?: { account?: { id: unknown } | null } | null; ip: string }) => `account:${req.actor?.account?.id ?? req.ip}` };

  app.put(
    '/api/v1/statuses/:id',
    {
      config: { auth: { scope: 'write:statuses' }, rateLimit: posting },
      schema: { params: idParams, body: editBody, tags: ['statuses'], summary: 'Edit a status (the author only): the whole form again, as Mastodon takes it', response: { 200: StatusSchema, ...errorResponses } },
    },
    async (req) => {
      const poster = await posterOf(req);
      return presentStatus(ctx, poster.account, await editStatus(ctx, poster, statusId(req.params.id), req.body));
    },
  );

  app.get('/api/v1/statuses/:id/history', { schema: { params: idParams, tags: ['statuses'], summary: 'Every version of a status, the original first', response: { 200: z.array(StatusEditSchema), ...errorResponses } } }, async (req) => {
    return getStatusHistory(ctx, req.actor?.account ?? null, statusId(req.params.id));
  });

  app.get(
    '/api/v1/statuses/:id/source',
    { config: { auth: { scope: 'read:statuses' } }, schema: { params: idParams, tags: ['statuses'], summary: 'The text of one’s own status as written, to edit it', response: { 200: StatusSourceSchema, ...errorResponses } } },
    async (req) => getStatusSource(ctx, signedIn(req).account, statusId(req.params.id)),
  );
}
