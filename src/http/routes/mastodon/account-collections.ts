import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError, notFound } from '../../../app/errors.js';
import { addCollectionItem, removeCollectionItem, revokeCollectionItem } from '../../../collections/collection-items.js';
import { presentCollection, presentCollectionItem, presentCollectionWithAccounts, presentCollections } from '../../../collections/collections.presenter.js';
import { getCollection, listAccountCollections, listFeaturedIn } from '../../../collections/read-collections.js';
import { createCollection, editCollection, removeCollection } from '../../../collections/write-collection.js';
import { LIMITS } from '../../../domain/limits.js';
import { formBool, formInt, idList, idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { CollectionWithAccountsSchema, CollectionsSchema, EmptySchema, WrappedCollectionItemSchema, WrappedCollectionSchema, errorResponses } from '../../schemas/index.js';
import { setOffsetLinkHeader } from './trends.js';

/** Text a client may send as null to clear it; bounded here only against abuse, the use case checks the real limits (a 422 naming the field). */
const nullableText = z.string().max(1000).nullable().optional();

const updateBody = z.object({
  name: z.string().max(1000).optional(),
  description: nullableText,
  language: nullableText,
  tag_name: nullableText,
  sensitive: formBool.optional(),
  discoverable: formBool.optional(),
});
const accountIds = idList(LIMITS.collectionItemsMax);
const createBody = updateBody.extend({ account_ids: accountIds.optional() });
const itemBody = z.object({ account_id: z.string().max(40).optional() });
const itemParams = z.object({ collection_id: z.string().max(40), id: z.string().max(40) });
const offsetPage = z.object({
  limit: formInt(1, 1000)
    .default(LIMITS.collectionsPageDefault)
    .transform((n) => Math.min(n, LIMITS.collectionsPageMax)),
  offset: formInt(0, 1_000_000).default(0),
});

function accountIdsOf(body: z.infer<typeof createBody>): number[] {
  return (body.account_ids ?? []).map((raw) => {
    const id = parseId(raw);
    if (id === null) throw notFound('Account');
    return id;
  });
}

/** Collections (Mastodon 4.6): an account's curated, public lists of accounts it features, their items, and where an account is featured. */
export async function accountCollectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/collections', { config: { auth: { scope: 'write:collections' } }, schema: { body: createBody, tags: ['collections'], response: { 200: WrappedCollectionSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const row = await createCollection(ctx, actor, { ...req.body, account_ids: accountIdsOf(req.body) });
    return { collection: await presentCollection(ctx, actor.account, row) };
  });

  app.get('/api/v1/collections/:id', { schema: { params: idParams, tags: ['collections'], summary: 'A collection with its curator and featured accounts', response: { 200: CollectionWithAccountsSchema, ...errorResponses } } }, async (req) => {
    const viewer = req.actor?.account ?? null;
    return presentCollectionWithAccounts(ctx, viewer, await getCollection(ctx, viewer, parseId(req.params.id)));
  });

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/api/v1/collections/:id',
      config: { auth: { scope: 'write:collections' } },
      schema: { params: idParams, body: z.preprocess((v) => v ?? {}, updateBody), tags: ['collections'], response: { 200: WrappedCollectionSchema, ...errorResponses } },
      handler: async (req) => {
        const actor = signedIn(req);
        const row = await editCollection(ctx, actor, parseId(req.params.id), req.body);
        return { collection: await presentCollection(ctx, actor.account, row) };
      },
    });
  }

  app.delete('/api/v1/collections/:id', { config: { auth: { scope: 'write:collections' } }, schema: { params: idParams, tags: ['collections'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeCollection(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  app.post('/api/v1/collections/:id/items', { config: { auth: { scope: 'write:collections' } }, schema: { params: idParams, body: z.preprocess((v) => v ?? {}, itemBody), tags: ['collections'], response: { 200: WrappedCollectionItemSchema, ...errorResponses } } }, async (req) => {
    const raw = req.body.account_id;
    const item = await addCollectionItem(ctx, signedIn(req), parseId(req.params.id), raw === undefined || raw === '' ? missingAccountId() : parseId(raw));
    return { collection_item: presentCollectionItem(item) };
  });

  app.delete('/api/v1/collections/:collection_id/items/:id', { config: { auth: { scope: 'write:collections' } }, schema: { params: itemParams, tags: ['collections'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeCollectionItem(ctx, signedIn(req), parseId(req.params.collection_id), parseId(req.params.id));
    return {};
  });

  app.post('/api/v1/collections/:collection_id/items/:id/revoke', { config: { auth: { scope: 'write:collections' } }, schema: { params: itemParams, tags: ['collections'], summary: 'Takes the caller out of a collection someone else curates', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await revokeCollectionItem(ctx, signedIn(req), parseId(req.params.collection_id), parseId(req.params.id));
    return {};
  });

  app.get('/api/v1/accounts/:id/collections', { schema: { params: idParams, querystring: offsetPage, tags: ['accounts'], summary: "The account's collections: discoverable ones, or all of them for the curator", response: { 200: CollectionsSchema, ...errorResponses } } }, async (req, reply) => {
    const viewer = req.actor?.account ?? null;
    const rows = await listAccountCollections(ctx, viewer, parseId(req.params.id), req.query);
    setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, rows.length);
    return { collections: (await presentCollections(ctx, viewer, rows)).collections };
  });

  app.get('/api/v1/accounts/:id/in_collections', { config: { auth: { scope: 'read:collections' } }, schema: { params: idParams, querystring: offsetPage, tags: ['accounts'], summary: 'The collections that feature the caller', response: { 200: CollectionsSchema, ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listFeaturedIn(ctx, actor.account, parseId(req.params.id), req.query);
    setOffsetLinkHeader(req, reply, ctx.config.publicUrl, req.query, rows.length);
    return { collections: (await presentCollections(ctx, actor.account, rows)).collections };
  });
}

/** Mastodon answers a missing `account_id` with a 422 naming it. */
function missingAccountId(): never {
  throw fieldError('account_id', 'ERR_BLANK', 'parameter is missing');
}
