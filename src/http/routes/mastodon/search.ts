import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { LIMITS } from '../../../domain/limits.js';
import { remoteResolverOf } from '../../../federation/resolve.js';
import { requireScope } from '../../../oauth/authenticate.js';
import { searchAccounts } from '../../../search/search-accounts.js';
import { presentHashtag } from '../../../search/search.presenter.js';
import { SEARCH_TYPES, search } from '../../../search/search.js';
import { presentStatuses } from '../../../statuses/hydrate.js';
import { formBool, formInt, idString } from '../../forms.js';
import { signedIn } from '../../plugins/auth.js';
import { AccountSchema, SearchSchema, errorResponses } from '../../schemas/index.js';

/** Clients send `type=` or `account_id=` empty for "none". */
const blankIsAbsent = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const v2Query = z.object({
  q: z.string().max(LIMITS.searchQueryMax),
  type: blankIsAbsent(z.enum(SEARCH_TYPES)),
  resolve: formBool.default(false),
  following: formBool.default(false),
  exclude_unreviewed: formBool.default(false),
  account_id: blankIsAbsent(idString),
  max_id: blankIsAbsent(idString),
  min_id: blankIsAbsent(idString),
  limit: formInt(0, 1000)
    .default(LIMITS.searchDefault)
    .transform((n) => Math.min(n, LIMITS.searchMax)),
  offset: blankIsAbsent(formInt(0, LIMITS.searchOffsetMax)),
});

const accountsQuery = z.object({
  q: z.string().max(LIMITS.searchQueryMax),
  resolve: formBool.default(false),
  following: formBool.default(false),
  limit: formInt(0, 1000)
    .default(LIMITS.accountSearchDefault)
    .transform((n) => Math.min(n, LIMITS.accountSearchMax)),
  offset: formInt(0, LIMITS.searchOffsetMax).default(0),
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** Mastodon's search: /api/v2/search (accounts, statuses, hashtags) and the mention autocomplete /api/v1/accounts/search. */
export async function searchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  // With `resolve=true`, another server's accounts and statuses are fetched (when the provider federates).
  const resolver = remoteResolverOf(ctx);

  app.get('/api/v2/search', { schema: { querystring: v2Query, tags: ['search'], summary: 'Accounts, statuses and hashtags by text (Chinese from two characters)', response: { 200: SearchSchema, ...errorResponses } } }, async (req) => {
    // As Mastodon: a token is optional, but one given must allow searching.
    if (req.actor) requireScope(req.actor, 'read:search');
    const viewer = req.actor?.account ?? null;
    const q = req.query;
    const found = await search(ctx, viewer, { ...q, account_id: num(q.account_id), max_id: num(q.max_id), min_id: num(q.min_id) }, resolver);
    return {
      accounts: await presentAccounts(ctx.db, ctx.config, found.accounts),
      statuses: await presentStatuses(ctx, viewer, found.statuses),
      hashtags: found.hashtags.map((t) => presentHashtag(ctx.config, t, found.days, found.tagUses.get(t.id) ?? new Map(), viewer !== null)),
    };
  });

  app.get('/api/v1/accounts/search', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: accountsQuery, tags: ['search'], summary: 'Accounts by name, handle or verification text (the mention autocomplete)', response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentAccounts(ctx.db, ctx.config, await searchAccounts(ctx, actor.account, { ...req.query, resolver }));
  });
}
