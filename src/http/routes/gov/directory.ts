import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentCensusRecord } from '../../../accounts/census-record.presenter.js';
import { censusFeedPage } from '../../../accounts/census-feed.js';
import { LIMITS } from '../../../domain/limits.js';
import { formBool, formInt } from '../../forms.js';
import { pageUrl } from '../../pagination.js';
import { CensusRecordSchema, errorResponses } from '../../schemas/index.js';

const query = z.object({
  limit: formInt(1, LIMITS.govDirectoryPageMax).default(LIMITS.govDirectoryPageDefault),
  offset: formInt(0, 100_000_000).optional(),
  /** Keyset cursor used by the `next` link: accounts with a greater id. */
  min_id: z.string().regex(/^\d{1,15}$/, 'must be an id').optional(),
  verified: formBool.default(true),
});

/**
 * GET /api/v1/gov/directory: the census feed, public. Pages ascend by id; the
 * `next` link carries a keyset cursor (min_id) so that an account verified or
 * revoked while a crawler walks the pages shifts nothing it has yet to read.
 */
export async function govDirectoryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  app.get('/api/v1/gov/directory', { schema: { querystring: query, tags: ['gov'], summary: 'The census feed: account records (CONTRACT §2), ascending by id', response: { 200: z.array(CensusRecordSchema), ...errorResponses } } }, async (req, reply) => {
    const q = req.query;
    const { rows, service } = await censusFeedPage(ctx, {
      verified: q.verified,
      limit: q.limit,
      ...(q.min_id !== undefined ? { afterId: Number(q.min_id) } : {}),
      ...(q.min_id === undefined && q.offset ? { offset: q.offset } : {}),
    });
    if (rows.length === q.limit) {
      const last = rows[rows.length - 1] as { id: number };
      const url = new URL(req.url, ctx.config.publicUrl);
      reply.header('link', `<${pageUrl(url, { min_id: String(last.id), limit: String(q.limit), verified: String(q.verified) }, ['offset'])}>; rel="next"`);
    }
    return rows.map((r) => presentCensusRecord(ctx.config.provider, r, service.get(Number(r.id))));
  });
}
