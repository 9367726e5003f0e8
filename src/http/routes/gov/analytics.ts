import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { organAnalytics } from '../../../analytics/organ-analytics.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AnalyticsSchema, errorResponses } from '../../schemas/index.js';

// The days are checked by the use case, which names the field of each problem (a range too long, from after to).
const query = z.object({ from: z.string().optional(), to: z.string().optional() });

/** Analytics for an organ's own side: followers over time, activity received per day, service statistics. */
export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  app.get(
    '/api/v1/gov/accounts/:id/analytics',
    { config: { auth: { scope: 'read:gov' } }, schema: { params: z.object({ id: z.string() }), querystring: query, tags: ['gov'], summary: "An organ's analytics (the organ, its operators, reviewers); ?from=&to= YYYY-MM-DD, default the last 30 days", response: { 200: AnalyticsSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Organ');
      return organAnalytics(ctx, actor, id, req.query);
    },
  );
}
