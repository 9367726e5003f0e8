import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentHashtag } from '../../../search/search.presenter.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { listTrendingStatuses, listTrendingTags } from '../../../trends/list-trends.js';
import { formInt } from '../../forms.js';
import { HashtagSchema, StatusSchema, alwaysEmpty, errorResponses, prerendered } from '../../schemas/index.js';

function trendQuery(fallback: number, max: number) {
  return z.object({
    limit: formInt(1, 1000)
      .default(fallback)
      .transform((n) => Math.min(n, max)),
    offset: formInt(0, 100_000).default(0),
  });
}

/** Mastodon's trends: hashtags and statuses from recent public activity, computed at read time and kept five minutes. */
export async function trendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  for (const path of ['/api/v1/trends', '/api/v1/trends/tags']) {
    app.get(path, { schema: { querystring: trendQuery(10, 20), tags: ['trends'], summary: 'Hashtags used by more accounts than the day before', response: { 200: z.array(HashtagSchema), ...errorResponses } } }, async (req) => {
      const { days, tags } = await listTrendingTags(ctx, req.query);
      return tags.map((t) => presentHashtag(ctx.config, t.tag, days, t.uses, req.actor?.account != null));
    });
  }

  app.get(
    '/api/v1/trends/statuses',
    { schema: { querystring: trendQuery(20, 40), tags: ['trends'], summary: 'Public statuses reblogged and favourited most, lately', response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
    async (req, reply) => {
      const rows = await listTrendingStatuses(ctx, req.query);
      return reply.type('application/json; charset=utf-8').send(await renderStatuses(ctx, req.actor?.account ?? null, rows));
    },
  );

  // Link trends rank preview cards; this branch fetches none, so there is nothing to rank (README: Trends).
  app.get('/api/v1/trends/links', { schema: { querystring: trendQuery(10, 20), tags: ['trends'], summary: 'Links shared most (none: no preview cards here)', response: { 200: alwaysEmpty, ...errorResponses } } }, async () => [] as never[]);
}
