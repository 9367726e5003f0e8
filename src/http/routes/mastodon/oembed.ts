import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { embeddableStatus, parseStatusUrl } from '../../../statuses/embed-status.js';
import { presentStatuses } from '../../../statuses/hydrate.js';
import { presentOEmbed } from '../../../statuses/oembed.presenter.js';
import { formInt } from '../../forms.js';
import { OEmbedSchema, errorResponses } from '../../schemas/index.js';

const OEmbedQuery = z.object({
  url: z.string().max(2000),
  maxwidth: formInt(1, 10_000).optional(),
  maxheight: formInt(1, 10_000).optional(),
});

/**
 * GET /api/oembed (Mastodon's Api::OEmbedController): for the URL of a
 * public or unlisted status of this provider, the oEmbed JSON whose html
 * frames its embed page (/@user/:id/embed). No token needed; any other URL,
 * a private status or an unknown one is a 404.
 */
export async function oembedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/oembed', { schema: { querystring: OEmbedQuery, tags: ['statuses'], summary: 'oEmbed of a public status of this provider', response: { 200: OEmbedSchema, ...errorResponses } } }, async (req) => {
    const ref = parseStatusUrl(ctx.config.publicUrl, req.query.url);
    const row = await embeddableStatus(ctx, ref);
    const [st] = await presentStatuses(ctx, null, [row]);
    if (!st) throw notFound('Status');
    return presentOEmbed(ctx.config, st, req.query);
  });
}
