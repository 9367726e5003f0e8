import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { getOpenAccount } from '../../../accounts/get-open-account.js';
import { authorizeFollowRequest } from '../../../social/authorize-follow-request.js';
import { follow } from '../../../social/follow.js';
import { listFollowRequests } from '../../../social/list-follow-requests.js';
import { listFollows } from '../../../social/list-follows.js';
import { rejectFollowRequest } from '../../../social/reject-follow-request.js';
import { relationships } from '../../../social/relationships.js';
import { unfollow } from '../../../social/unfollow.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { accountStatuses } from '../../../timelines/account-statuses.js';
import { listPinned } from '../../../pins/list-pinned.js';
import { formBool, pageQuery, windowOf, idParams, idList as idListOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, RelationshipSchema, StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';

const idList = idListOf(100);
/** ISO 639 codes; an empty list (or none) means every language, as Mastodon. */
const languageList = z.preprocess((v) => (v === undefined ? undefined : v === '' || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code')).max(100).optional());
const followBody = z.preprocess((v) => v ?? {}, z.object({ notify: formBool.optional(), reblogs: formBool.optional(), languages: languageList }));

/** Follows, follow requests, relationships, followers and following lists, and an account's statuses. */
export async function relationshipRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/accounts/:id/follow', { config: { auth: { scope: 'write:follows' } }, schema: { params: idParams, body: followBody, tags: ['accounts'], response: { 200: RelationshipSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Account');
    const languages = req.body.languages;
    await follow(ctx, actor, id, { notify: req.body.notify, reblogs: req.body.reblogs, languages });
    const [rel] = await relationships(ctx, actor.account, [id]);
    return rel;
  });

  app.post('/api/v1/accounts/:id/unfollow', { config: { auth: { scope: 'write:follows' } }, schema: { params: idParams, tags: ['accounts'], response: { 200: RelationshipSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Account');
    await unfollow(ctx, actor, id);
    const [rel] = await relationships(ctx, actor.account, [id]);
    return rel;
  });

  app.get(
    '/api/v1/follow_requests',
    { config: { auth: { scope: 'read:follows' } }, schema: { querystring: pageQuery(80, 40), tags: ['follow_requests'], response: { 200: z.array(AccountSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const rows = await listFollowRequests(ctx, actor.account, windowOf(req.query));
      setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.request_id) })), req.query.limit);
      return presentAccounts(ctx.db, ctx.config, rows);
    },
  );

  for (const [path, decide] of [
    ['authorize', authorizeFollowRequest],
    ['reject', rejectFollowRequest],
  ] as const) {
    app.post(`/api/v1/follow_requests/:id/${path}`, { config: { auth: { scope: 'write:follows' } }, schema: { params: idParams, tags: ['follow_requests'], response: { 200: RelationshipSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Follow request');
      await decide(ctx, actor, id);
      const [rel] = await relationships(ctx, actor.account, [id]);
      return rel;
    });
  }

  app.get(
    '/api/v1/accounts/relationships',
    { config: { auth: { scope: 'read:follows' } }, schema: { querystring: z.object({ id: idList, 'id[]': idList.optional() }), tags: ['accounts'], response: { 200: z.array(RelationshipSchema), ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const raw = [...req.query.id, ...(req.query['id[]'] ?? [])];
      return relationships(
        ctx,
        actor.account,
        raw.flatMap((r) => {
          const id = parseId(r);
          return id === null ? [] : [id];
        }),
      );
    },
  );

  for (const direction of ['followers', 'following'] as const) {
    app.get(`/api/v1/accounts/:id/${direction}`, { schema: { params: idParams, querystring: pageQuery(80, 40), tags: ['accounts'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req, reply) => {
      const rows = await listFollows(ctx, req.actor?.account ?? null, {
        accountId: parseId(req.params.id),
        direction,
        maxId: req.query.max_id ? Number(req.query.max_id) : undefined,
        sinceId: req.query.since_id ? Number(req.query.since_id) : undefined,
        limit: req.query.limit,
      });
      setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.follow_id) })), req.query.limit);
      return presentAccounts(ctx.db, ctx.config, rows);
    });
  }

  app.get(
    '/api/v1/accounts/:id/statuses',
    {
      schema: {
        params: idParams,
        querystring: pageQuery(40).extend({
          exclude_replies: formBool.optional(),
          exclude_reblogs: formBool.optional(),
          only_media: formBool.optional(),
          pinned: formBool.optional(),
          tagged: z.string().max(100).optional(),
        }),
        tags: ['accounts'],
        response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const account = await getOpenAccount(ctx, parseId(req.params.id));
      const viewer = req.actor?.account ?? null;
      const rows = req.query.pinned
        ? await listPinned(ctx, viewer, account, windowOf(req.query))
        : await accountStatuses(ctx, viewer, { account, excludeReplies: req.query.exclude_replies, excludeReblogs: req.query.exclude_reblogs, tagged: req.query.tagged, onlyMedia: req.query.only_media, window: windowOf(req.query) });
      setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
      return reply.type('application/json; charset=utf-8').send(await renderStatuses(ctx, viewer, rows));
    },
  );
}
