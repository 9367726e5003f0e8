import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentHashtag } from '../../../search/search.presenter.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { linkTimeline } from '../../../trends/link-timeline.js';
import { listTrendingLinks, listTrendingStatuses, listTrendingTags } from '../../../trends/list-trends.js';
import { presentTrendLink } from '../../../trends/trends.presenter.js';
import { formInt, pageQuery, windowOf } from '../../forms.js';
import { pageUrl, setLinkHeader } from '../../pagination.js';
import { HashtagSchema, StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';
import { TrendLinkSchema } from '../../schemas/trends.js';

export function trendQuery(fallback: number, max: number) {
  return z.object({
    limit: formInt(1, 1000)
      .default(fallback)
      .transform((n) => Math.min(n, max)),
    offset: formInt(0, 100_000).default(0),
  });
}

/**
 * Mastodon's Link header for a ranking paged by offset: `next` while the page
 * is full, `prev` once past the first page (the other parameters, `limit`
 * among them, carried over).
 */
export function setOffsetLinkHeader(req: FastifyRequest, reply: FastifyReply, baseUrl: string, page: { limit: number; offset: number }, count: number): void {
  const url = new URL(req.url, baseUrl);
  const links: string[] = [];
  if (count >= page.limit) links.push(`<${pageUrl(url, { offset: String(page.offset + page.limit) })}>; rel="next"`);
  if (page.offset > 0) links.push(`<${pageUrl(url, { offset: String(Math.max(0, page.offset - page.limit)) })}>; rel="prev"`);
  if (links.length > 0) reply.header('link', links.join(', '));
}

/** Mastodon's `url` parameter: its card table's longest URL. */
const linkTimelineQuery = pageQuery(40).extend({ url: z.string().min(1).max(2692) });

/** Mastodon's trends: hashtags, statuses and links from recent public activity, computed at read time and kept five minutes; only what may trend (README: Trends review). */
export async function trendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  for (const path of ['/api/v1/trends', '/api/v1/trends/tags']) {
    app.get(path, { schema: { querystring: trendQuery(10, 20), tags: ['trends'], summary: 'Hashtags used by more accounts than the day before', response: { 200: z.array(HashtagSchema), ...errorResponses } } }, async (req, reply) => {
      const { days, tags } = await listTrendingTags(ctx, req.query);
      setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, tags.length);
      return tags.map((t) => presentHashtag(ctx.config, t.tag, days, t.uses, req.actor?.account != null));
    });
  }

  app.get(
    '/api/v1/trends/statuses',
    { schema: { querystring: trendQuery(20, 40), tags: ['trends'], summary: 'Public statuses reblogged and favourited most, lately', response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
    async (req, reply) => {
      const items = await listTrendingStatuses(ctx, req.query);
      setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, items.length);
      return reply.type('application/json; charset=utf-8').send(await renderStatuses(ctx, req.actor?.account ?? null, items.map((i) => i.row)));
    },
  );

  app.get(
    '/api/v1/trends/links',
    { schema: { querystring: trendQuery(10, 20), tags: ['trends'], summary: 'Articles shared by more accounts than the day before, with a week of shares', response: { 200: z.array(TrendLinkSchema), ...errorResponses } } },
    async (req, reply) => {
      const { days, links } = await listTrendingLinks(ctx, req.query);
      setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, links.length);
      return links.map((l) => presentTrendLink(ctx, l.card, days, l.uses));
    },
  );

  app.get(
    '/api/v1/timelines/link',
    { schema: { querystring: linkTimelineQuery, tags: ['timelines'], summary: 'Public statuses sharing a trending link (404 for a link not trending)', response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
    async (req, reply) => {
      const viewer = req.actor?.account ?? null;
      const rows = await linkTimeline(ctx, viewer, { url: req.query.url, window: windowOf(req.query) });
      setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
      return reply.type('application/json; charset=utf-8').send(await renderStatuses(ctx, viewer, rows));
    },
  );
}
