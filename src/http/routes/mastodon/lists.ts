import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { getOpenAccount } from '../../../accounts/get-open-account.js';
import { addListAccounts, listMembers, removeListAccounts } from '../../../lists/list-members.js';
import { listTimeline } from '../../../lists/list-timeline.js';
import { listsHolding, listsOf } from '../../../lists/lists.repository.js';
import { presentList } from '../../../lists/lists.presenter.js';
import { REPLIES_POLICIES } from '../../../lists/lists.table.js';
import { ownedList } from '../../../lists/owned-list.js';
import { createList, editList, removeList } from '../../../lists/write-list.js';
import { LIST_ACCOUNTS_PER_REQUEST } from '../../../lists/list-members.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { formBool, idList, idParams, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, EmptySchema, ListSchema, StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';

const JSON_TYPE = 'application/json; charset=utf-8';

const listBody = z.object({
  title: z.string().max(1000).optional(),
  replies_policy: z.enum(REPLIES_POLICIES).optional(),
  exclusive: formBool.optional(),
});

const accountIds = idList(LIST_ACCOUNTS_PER_REQUEST);
/** `account_ids[]=…` as forms send it, or `account_ids` as a JSON list. */
const accountsBody = z.object({ account_ids: accountIds.optional() });
// A query string keeps `account_ids[]` as its key (bodies turn `k[]` into `k`: src/http/plugins/bodies.ts).
const accountsQuery = accountsBody.extend({ 'account_ids[]': accountIds.optional() });
const membersQuery = pageQuery(80, 40).extend({ limit: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(0).max(1000)).default(40).transform((n) => (n === 0 ? 0 : Math.min(n, 80))) });

function idsOf(body: z.infer<typeof accountsQuery>): number[] {
  return [...(body.account_ids ?? []), ...(body['account_ids[]'] ?? [])].map((raw) => {
    const id = parseId(raw);
    if (id === null) throw notFound('Account');
    return id;
  });
}

/** Lists (Mastodon's /api/v1/lists), their members, the lists an account is on, and the list timeline. */
export async function listRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/lists', { config: { auth: { scope: 'read:lists' } }, schema: { tags: ['lists'], response: { 200: z.array(ListSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return (await listsOf(ctx.db, Number(actor.account.id))).map(presentList);
  });

  app.post('/api/v1/lists', { config: { auth: { scope: 'write:lists' } }, schema: { body: listBody, tags: ['lists'], response: { 200: ListSchema, ...errorResponses } } }, async (req) => {
    return presentList(await createList(ctx, signedIn(req), req.body));
  });

  app.get('/api/v1/lists/:id', { config: { auth: { scope: 'read:lists' } }, schema: { params: idParams, tags: ['lists'], response: { 200: ListSchema, ...errorResponses } } }, async (req) => {
    return presentList(await ownedList(ctx.db, signedIn(req).account, parseId(req.params.id)));
  });

  app.put('/api/v1/lists/:id', { config: { auth: { scope: 'write:lists' } }, schema: { params: idParams, body: listBody, tags: ['lists'], response: { 200: ListSchema, ...errorResponses } } }, async (req) => {
    return presentList(await editList(ctx, signedIn(req), parseId(req.params.id), req.body));
  });

  app.delete('/api/v1/lists/:id', { config: { auth: { scope: 'write:lists' } }, schema: { params: idParams, tags: ['lists'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeList(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  app.get('/api/v1/lists/:id/accounts', { config: { auth: { scope: 'read:lists' } }, schema: { params: idParams, querystring: membersQuery, tags: ['lists'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const page = await listMembers(ctx, actor.account, parseId(req.params.id), windowOf(req.query));
    // Paged by membership, as Mastodon; limit 0 answers every member with no Link.
    if (req.query.limit > 0) setLinkHeader(req, reply, ctx.config.publicUrl, page.marks, req.query.limit);
    return presentAccounts(ctx.db, ctx.config, page.accounts);
  });

  app.post('/api/v1/lists/:id/accounts', { config: { auth: { scope: 'write:lists' } }, schema: { params: idParams, body: accountsBody, tags: ['lists'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await addListAccounts(ctx, signedIn(req), parseId(req.params.id), idsOf(req.body));
    return {};
  });

  app.delete('/api/v1/lists/:id/accounts', { config: { auth: { scope: 'write:lists' } }, schema: { params: idParams, body: z.preprocess((v) => v ?? {}, accountsBody), querystring: accountsQuery, tags: ['lists'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    // Clients send the ids in the body or, as some do for a DELETE, in the query string.
    const ids = [...idsOf(req.body), ...idsOf(req.query)];
    await removeListAccounts(ctx, signedIn(req), parseId(req.params.id), ids);
    return {};
  });

  app.get('/api/v1/accounts/:id/lists', { config: { auth: { scope: 'read:lists' } }, schema: { params: idParams, tags: ['accounts'], summary: "The caller's lists that hold the account", response: { 200: z.array(ListSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const account = await getOpenAccount(ctx, parseId(req.params.id));
    return (await listsHolding(ctx.db, Number(actor.account.id), Number(account.id))).map(presentList);
  });

  app.get('/api/v1/timelines/list/:list_id', { config: { auth: { scope: 'read:lists' } }, schema: { params: z.object({ list_id: z.string().max(40) }), querystring: pageQuery(40), tags: ['timelines'], response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listTimeline(ctx, actor.account, parseId(req.params.list_id), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return reply.type(JSON_TYPE).send(await renderStatuses(ctx, actor.account, rows));
  });
}
