import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { getOpenAccount } from '../../../accounts/get-open-account.js';
import { relationships } from '../../../social/relationships.js';
import { dismissSuggestion } from '../../../suggestions/dismiss-suggestion.js';
import { endorse } from '../../../suggestions/endorse.js';
import { NOTE_MAX } from '../../../suggestions/endorsements.policy.js';
import { familiarFollowers } from '../../../suggestions/familiar-followers.js';
import { listEndorsements } from '../../../suggestions/list-endorsements.js';
import { listSuggestions } from '../../../suggestions/list-suggestions.js';
import { setNote } from '../../../suggestions/set-note.js';
import { unendorse } from '../../../suggestions/unendorse.js';
import { formInt, pageQuery, windowOf, idParams, idList as idListOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { accountAction } from './account-action.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, EmptySchema, FamiliarFollowersSchema, RelationshipSchema, SuggestionSchema, errorResponses } from '../../schemas/index.js';

const idList = idListOf(100);
const suggestionQuery = z.object({ limit: formInt(1, 1000).default(40).transform((n) => Math.min(n, 80)) });

/** Who to follow, familiar followers, endorsements and private notes: the account pages' discovery. */
export async function discoveryRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  // Mastodon 4.4 says endorse/unendorse; older servers and clients pin/unpin.
  for (const [path, action] of [
    ['endorse', endorse],
    ['pin', endorse],
    ['unendorse', unendorse],
    ['unpin', unendorse],
  ] as const) accountAction(fastify, path, 'write:accounts', action);

  app.post(
    '/api/v1/accounts/:id/note',
    { config: { auth: { scope: 'write:accounts' } }, schema: { params: idParams, body: z.object({ comment: z.string().max(NOTE_MAX).nullish() }), tags: ['accounts'], response: { 200: RelationshipSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Account');
      await setNote(ctx, actor, id, (req.body.comment ?? '').trim());
      const [rel] = await relationships(ctx, actor.account, [id]);
      return rel;
    },
  );

  app.get(
    '/api/v1/endorsements',
    { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: pageQuery(80, 40), tags: ['accounts'], response: { 200: z.array(AccountSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const rows = await listEndorsements(ctx, actor.account, windowOf(req.query));
      setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.pin_id) })), req.query.limit);
      return presentAccounts(ctx.db, ctx.config, rows);
    },
  );

  app.get('/api/v1/accounts/:id/endorsements', { schema: { params: idParams, querystring: pageQuery(80, 40), tags: ['accounts'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req, reply) => {
    const account = await getOpenAccount(ctx, parseId(req.params.id));
    const rows = await listEndorsements(ctx, account, windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.pin_id) })), req.query.limit);
    return presentAccounts(ctx.db, ctx.config, rows);
  });

  app.get(
    '/api/v1/accounts/familiar_followers',
    { config: { auth: { scope: 'read:follows' } }, schema: { querystring: z.object({ id: idList, 'id[]': idList.optional() }), tags: ['accounts'], response: { 200: z.array(FamiliarFollowersSchema), ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const ids = [...req.query.id, ...(req.query['id[]'] ?? [])].flatMap((r) => {
        const id = parseId(r);
        return id === null ? [] : [id];
      });
      const found = await familiarFollowers(ctx, actor.account, ids);
      const presented = new Map((await presentAccounts(ctx.db, ctx.config, [...new Map(found.flatMap((f) => f.accounts).map((a) => [Number(a.id), a])).values()])).map((a) => [a.id, a]));
      return found.map((f) => ({ id: String(f.id), accounts: f.accounts.flatMap((a) => presented.get(String(a.id)) ?? []) }));
    },
  );

  app.get('/api/v2/suggestions', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: suggestionQuery, tags: ['suggestions'], response: { 200: z.array(SuggestionSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const found = await listSuggestions(ctx, actor.account, req.query.limit);
    const accounts = await presentAccounts(ctx.db, ctx.config, found.map((f) => f.account));
    return found.map((f, i) => ({ source: f.source, sources: f.sources, account: accounts[i] as (typeof accounts)[number] }));
  });

  app.get('/api/v1/suggestions', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: suggestionQuery, tags: ['suggestions'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const found = await listSuggestions(ctx, actor.account, req.query.limit);
    return presentAccounts(ctx.db, ctx.config, found.map((f) => f.account));
  });

  app.delete('/api/v1/suggestions/:id', { config: { auth: { scope: 'write:accounts' } }, schema: { params: idParams, tags: ['suggestions'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Account');
    await dismissSuggestion(ctx, signedIn(req), id);
    return {};
  });
}
