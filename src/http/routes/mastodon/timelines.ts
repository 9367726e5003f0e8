import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type MadeOf, renderStatuses } from '../../../statuses/status-cache.js';
import { exclusionsFor, muteEnds } from '../../../social/exclusions.js';
import { presentConversations } from '../../../timelines/conversations.presenter.js';
import { homeTimeline } from '../../../timelines/home-timeline.js';
import { listConversations } from '../../../timelines/list-conversations.js';
import { publicTimeline } from '../../../timelines/public-timeline.js';
import type { TimelineOrigin } from '../../../timelines/timelines.repository.js';
import { readConversation } from '../../../timelines/read-conversation.js';
import { removeConversation } from '../../../timelines/remove-conversation.js';
import { tagTimeline } from '../../../timelines/tag-timeline.js';
import { notFound } from '../../../app/errors.js';
import { formBool, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { ConversationSchema, EmptySchema, StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';

/** Lists of statuses go out as the JSON text the presenter built, not re-serialised. */
const JSON_TYPE = 'application/json; charset=utf-8';

const publicQuery = pageQuery(40).extend({ local: formBool.optional(), remote: formBool.optional(), only_media: formBool.optional() });

/** Mastodon's `local` and `remote` flags of the public and hashtag timelines: `local` wins when both are set. */
function originOf(q: { local?: boolean | undefined; remote?: boolean | undefined }): TimelineOrigin {
  return q.local ? 'local' : q.remote ? 'remote' : 'all';
}

/** Home, public and hashtag timelines, and direct conversations, with Mastodon's Link paging. */
export async function timelineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/timelines/home', { config: { auth: { scope: 'read:statuses' } }, schema: { querystring: pageQuery(40), tags: ['timelines'], response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const me = Number(actor.account.id);
    const now = ctx.clock.now().getTime();
    // The same page again, when nothing it shows has changed (src/timelines/home-pages.ts).
    const kept = ctx.cache.homes.get(me, req.url, now);
    if (kept) {
      if (kept.link !== undefined) reply.header('link', kept.link);
      return reply.type(JSON_TYPE).send(kept.body);
    }
    const mark = ctx.cache.homes.mark();
    const rows = await homeTimeline(ctx, actor.account, windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    // The page holds until one of the reader's mutes runs out, whatever it shows (its filters: renderStatuses).
    const made: MadeOf = { context: 'home', statusIds: [], accountIds: [], expiresAt: muteEnds(await exclusionsFor(ctx, me), now), keepable: true };
    const body = await renderStatuses(ctx, actor.account, rows, made);
    if (made.keepable) {
      const link = reply.getHeader('link');
      ctx.cache.homes.fill(mark, me, req.url, { body, link: typeof link === 'string' ? link : undefined, statusIds: made.statusIds, accountIds: made.accountIds, expiresAt: made.expiresAt }, now);
    }
    return reply.type(JSON_TYPE).send(body);
  });

  app.get('/api/v1/timelines/public', { schema: { querystring: publicQuery, tags: ['timelines'], response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } }, async (req, reply) => {
    const viewer = req.actor?.account ?? null;
    const rows = await publicTimeline(ctx, viewer, windowOf(req.query), req.query.only_media === true, originOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return reply.type(JSON_TYPE).send(await renderStatuses(ctx, viewer, rows));
  });

  app.get('/api/v1/timelines/tag/:hashtag', { schema: { params: z.object({ hashtag: z.string().min(1).max(100) }), querystring: publicQuery, tags: ['timelines'], response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } }, async (req, reply) => {
    const viewer = req.actor?.account ?? null;
    const rows = await tagTimeline(ctx, viewer, { tag: req.params.hashtag, window: windowOf(req.query), onlyMedia: req.query.only_media === true, origin: originOf(req.query) });
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return reply.type(JSON_TYPE).send(await renderStatuses(ctx, viewer, rows));
  });

  app.get('/api/v1/conversations', { config: { auth: { scope: 'read:statuses' } }, schema: { querystring: pageQuery(40), tags: ['timelines'], response: { 200: z.array(ConversationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listConversations(ctx, actor.account, windowOf(req.query));
    // Mastodon pages conversations by their last status.
    setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.last_status_id) })), req.query.limit);
    return presentConversations(ctx, actor.account, rows);
  });

  for (const mark of ['read', 'unread'] as const) {
    app.post(`/api/v1/conversations/:id/${mark}`, { config: { auth: { scope: 'write:conversations' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['timelines'], response: { 200: ConversationSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Conversation');
      const row = await readConversation(ctx, actor, id, mark === 'unread');
      const [json] = await presentConversations(ctx, actor.account, [row]);
      return json;
    });
  }

  app.delete('/api/v1/conversations/:id', { config: { auth: { scope: 'write:conversations' } }, schema: { params: z.object({ id: z.string().max(40) }), tags: ['timelines'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Conversation');
    await removeConversation(ctx, actor, id);
    return {};
  });
}
