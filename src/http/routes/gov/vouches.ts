import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { LIMITS } from '../../../domain/limits.js';
import { listVouchRequests } from '../../../verification/list-vouch-requests.js';
import { presentVerifications } from '../../../verification/list-verifications.js';
import { vouchForApplication } from '../../../verification/vouch.js';
import { formInt, idString } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { VerificationSchema, errorResponses } from '../../schemas/index.js';

const listQuery = z.object({
  max_id: idString.optional(),
  min_id: idString.optional(),
  limit: formInt(1, LIMITS.pageMax * 2).default(LIMITS.pageDefault),
});

/** Organs vouching for the officials who name them in their applications. */
export async function vouchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post(
    '/api/v1/gov/verifications/:id/vouch',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: z.object({ id: z.string() }), tags: ['gov'], summary: 'The organ an application names (or its operator) vouches for it', response: { 200: VerificationSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Verification');
      const [json] = await presentVerifications(ctx, [await vouchForApplication(ctx, actor, id)], { forReviewer: false });
      return json;
    },
  );

  app.get(
    '/api/v1/gov/accounts/:id/vouch_requests',
    { config: { auth: { scope: 'read:gov' } }, schema: { params: z.object({ id: z.string() }), querystring: listQuery, tags: ['gov'], summary: 'Pending applications of officials naming the organ', response: { 200: z.array(VerificationSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const organId = parseId(req.params.id);
      if (organId === null) throw notFound('Organ');
      const rows = await listVouchRequests(ctx, actor, organId, req.query);
      setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
      return presentVerifications(ctx, rows, { forReviewer: false });
    },
  );
}
