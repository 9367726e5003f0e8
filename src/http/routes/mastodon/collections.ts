import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { getAccountsByIds } from '../../../accounts/get-accounts.js';
import { bookmarkStatus } from '../../../bookmarks/bookmark-status.js';
import { listBookmarks } from '../../../bookmarks/list-bookmarks.js';
import { unbookmarkStatus } from '../../../bookmarks/unbookmark-status.js';
import { pinStatus } from '../../../pins/pin-status.js';
import { unpinStatus } from '../../../pins/unpin-status.js';
import { listFavourites } from '../../../social/list-favourites.js';
import { getStatusesByIds } from '../../../statuses/get-statuses.js';
import { presentStatus } from '../../../statuses/hydrate.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { pageQuery, windowOf, idParams, idList as idListOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** `id[]=1&id[]=2` (or `id=1`): what clients send; the use case bounds the count (a 422 naming `id`, as Mastodon). */
const idList = idListOf(1000);
const idsQuery = z.object({ id: idList, 'id[]': idList.optional() });

function statusId(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Status');
  return id;
}

/** Bookmarks, the favourites list, pins, and statuses and accounts fetched by id. */
export async function collectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  for (const [path, scope, action] of [
    ['bookmark', 'write:bookmarks', bookmarkStatus],
    ['unbookmark', 'write:bookmarks', unbookmarkStatus],
    ['pin', 'write:accounts', pinStatus],
    ['unpin', 'write:accounts', unpinStatus],
  ] as const) {
    app.post(`/api/v1/statuses/:id/${path}`, { config: { auth: { scope } }, schema: { params: idParams, tags: ['statuses'], response: { 200: StatusSchema, ...errorResponses } } }, async (req) => {
      const actor = signedIn(req);
      return presentStatus(ctx, actor.account, await action(ctx, actor, statusId(req.params.id)));
    });
  }

  for (const [path, scope, list] of [
    ['bookmarks', 'read:bookmarks', listBookmarks],
    ['favourites', 'read:favourites', listFavourites],
  ] as const) {
    app.get(
      `/api/v1/${path}`,
      { config: { auth: { scope } }, schema: { querystring: pageQuery(40), tags: [path], response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
      async (req, reply) => {
        const actor = signedIn(req);
        const page = await list(ctx, actor.account, windowOf(req.query));
        // Paged by the bookmark's or favourite's id, as Mastodon: the Link header carries those, not status ids.
        setLinkHeader(req, reply, ctx.config.publicUrl, page.marks, req.query.limit);
        return reply.type(JSON_TYPE).send(await renderStatuses(ctx, actor.account, page.statuses));
      },
    );
  }

  app.get(
    '/api/v1/statuses',
    { schema: { querystring: idsQuery, tags: ['statuses'], summary: 'Several statuses by id, in the order asked (those not found or not visible left out)', response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
    async (req, reply) => {
      const viewer = req.actor?.account ?? null;
      const rows = await getStatusesByIds(ctx, viewer, [...req.query.id, ...(req.query['id[]'] ?? [])]);
      return reply.type(JSON_TYPE).send(await renderStatuses(ctx, viewer, rows));
    },
  );

  app.get(
    '/api/v1/accounts',
    { schema: { querystring: idsQuery, tags: ['accounts'], summary: 'Several accounts by id, in the order asked (those not found left out)', response: { 200: z.array(AccountSchema), ...errorResponses } } },
    async (req) => presentAccounts(ctx.db, ctx.config, await getAccountsByIds(ctx, [...req.query.id, ...(req.query['id[]'] ?? [])])),
  );
}
