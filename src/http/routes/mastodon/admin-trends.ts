import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../../app/context.js';
import { notFound } from '../../../app/errors.js';
import type { AccountRow } from '../../../accounts/accounts.repository.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import type { StatusRow } from '../../../statuses/statuses.repository.js';
import { listPublishersFor } from '../../../trends/list-publishers.js';
import { reviewTrendingLinks, reviewTrendingStatuses, reviewTrendingTags } from '../../../trends/list-trend-reviews.js';
import { trendLinkById, trendStatusById, trendTagById } from '../../../trends/list-trends.js';
import { reviewPublisher } from '../../../trends/review-publisher.js';
import { type TrendDecision, reviewTrend } from '../../../trends/review-trend.js';
import { presentAdminTag, presentAdminTrendLink, presentPublisher } from '../../../trends/trends.presenter.js';
import { pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { errorResponses } from '../../schemas/index.js';
import { AdminTagSchema, AdminTrendLinkSchema, AdminTrendStatusSchema, PreviewCardProviderSchema } from '../../schemas/trends.js';
import { setOffsetLinkHeader, trendQuery } from './trends.js';

const params = z.object({ id: z.string().max(40) });
const read = { auth: { scope: 'admin:read' } };
const write = { auth: { scope: 'admin:write' } };
const DECISIONS: readonly TrendDecision[] = ['approve', 'reject'];

function idOf(raw: string, what: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound(what);
  return id;
}

/** Statuses as the reviewer sees them: each rendered status with whether it waits for review. */
async function presentAdminStatuses(ctx: Context, viewer: AccountRow, items: readonly { row: StatusRow; requiresReview: boolean }[]) {
  const rendered = JSON.parse((await renderStatuses(ctx, viewer, items.map((i) => i.row))).toString('utf8')) as Record<string, unknown>[];
  return rendered.map((s, i) => ({ ...s, requires_review: items[i]?.requiresReview ?? false }));
}

/**
 * Mastodon's admin API for the review of trends: the rankings with what is
 * not shown yet, and approving or rejecting a link, a status, a hashtag or a
 * publisher of links. Reviewers and admins only (src/trends/trends.policy.ts),
 * with admin:read / admin:write tokens; every decision is in the audit log.
 */
export async function adminTrendRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/admin/trends/links', { config: read, schema: { querystring: trendQuery(10, 20), tags: ['admin'], summary: 'Trending links, those waiting for review or rejected included', response: { 200: z.array(AdminTrendLinkSchema), ...errorResponses } } }, async (req, reply) => {
    const { days, links } = await reviewTrendingLinks(ctx, signedIn(req), req.query);
    setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, links.length);
    return links.map((l) => presentAdminTrendLink(ctx, l.card, days, l.uses, l.requiresReview));
  });

  app.get('/api/v1/admin/trends/statuses', { config: read, schema: { querystring: trendQuery(20, 40), tags: ['admin'], summary: 'Trending statuses, those waiting for review or rejected included', response: { 200: z.array(AdminTrendStatusSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const items = await reviewTrendingStatuses(ctx, actor, req.query);
    setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, items.length);
    return (await presentAdminStatuses(ctx, actor.account, items)) as never;
  });

  app.get('/api/v1/admin/trends/tags', { config: read, schema: { querystring: trendQuery(10, 20), tags: ['admin'], summary: 'Trending hashtags, those waiting for review or rejected included', response: { 200: z.array(AdminTagSchema), ...errorResponses } } }, async (req, reply) => {
    const { days, tags } = await reviewTrendingTags(ctx, signedIn(req), req.query);
    setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, tags.length);
    return tags.map((t) => presentAdminTag(ctx, t.tag, days, t.uses, t));
  });

  for (const decision of DECISIONS) {
    app.post(`/api/v1/admin/trends/links/:id/${decision}`, { config: write, schema: { params, tags: ['admin'], summary: `${decision === 'approve' ? 'Let' : 'Never let'} a link trend`, response: { 200: AdminTrendLinkSchema, ...errorResponses } } }, async (req) => {
      const id = idOf(req.params.id, 'Link');
      await reviewTrend(ctx, signedIn(req), { kind: 'link', id, decision });
      const l = await trendLinkById(ctx, id);
      if (!l) throw notFound('Link');
      return presentAdminTrendLink(ctx, l.card, l.days, l.uses, l.requiresReview);
    });

    app.post(`/api/v1/admin/trends/statuses/:id/${decision}`, { config: write, schema: { params, tags: ['admin'], summary: `${decision === 'approve' ? 'Let' : 'Never let'} a status trend`, response: { 200: AdminTrendStatusSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const id = idOf(req.params.id, 'Status');
      await reviewTrend(ctx, actor, { kind: 'status', id, decision });
      const item = await trendStatusById(ctx, id);
      if (!item) throw notFound('Status');
      const [json] = await presentAdminStatuses(ctx, actor.account, [item]);
      return json as never;
    });

    app.post(`/api/v1/admin/trends/tags/:id/${decision}`, { config: write, schema: { params, tags: ['admin'], summary: `${decision === 'approve' ? 'Let' : 'Never let'} a hashtag trend`, response: { 200: AdminTagSchema, ...errorResponses } } }, async (req) => {
      const id = idOf(req.params.id, 'Tag');
      await reviewTrend(ctx, signedIn(req), { kind: 'tag', id, decision });
      const t = await trendTagById(ctx, id);
      if (!t) throw notFound('Tag');
      return presentAdminTag(ctx, t.tag, t.days, t.uses, t);
    });

    app.post(`/api/v1/admin/trends/links/publishers/:id/${decision}`, { config: write, schema: { params, tags: ['admin'], summary: `${decision === 'approve' ? 'Let' : 'Never let'} a publisher's links trend`, response: { 200: PreviewCardProviderSchema, ...errorResponses } } }, async (req) => {
      return presentPublisher(await reviewPublisher(ctx, signedIn(req), idOf(req.params.id, 'Publisher'), decision));
    });
  }

  // Mastodon pages publishers by id, 100 at a time.
  app.get('/api/v1/admin/trends/links/publishers', { config: read, schema: { querystring: pageQuery(200, 100), tags: ['admin'], summary: 'Publishers of links: reviewed, and those waiting since one of their links trended', response: { 200: z.array(PreviewCardProviderSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listPublishersFor(ctx, signedIn(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentPublisher);
  });
}
