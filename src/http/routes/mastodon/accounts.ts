import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts, presentOne } from '../../../accounts/accounts.presenter.js';
import { getOpenAccount } from '../../../accounts/get-open-account.js';
import { listDirectory } from '../../../accounts/list-directory.js';
import { lookupAccount } from '../../../accounts/lookup-account.js';
import { presentOwnCredentials } from '../../../accounts/present-credential-account.js';
import { signUp } from '../../../accounts/sign-up.js';
import { updateCredentials } from '../../../accounts/update-credentials.js';
import { removeProfileImage } from '../../../accounts/remove-profile-image.js';
import { LIMITS } from '../../../domain/limits.js';
import { formBool, formInt, optionalText } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { signedIn } from '../../plugins/auth.js';
import { uploadBodyLimit, uploadedFile } from './media.js';
import { AccountSchema, CredentialAccountSchema, TokenSchema, alwaysEmpty, errorResponses } from '../../schemas/index.js';

// Missing fields default to blank so that the use case reports every problem at once, in Mastodon's terms (ERR_BLANK, ERR_ACCEPTED).
const signUpBody = z.object({
  username: z.string().max(200).default(''),
  email: z.string().max(500).default(''),
  password: z.string().max(1000).default(''),
  agreement: formBool.default(false),
  locale: z.string().max(20).default('zh-CN'),
  reason: optionalText(LIMITS.reasonMax),
});

const profileField = z.object({ name: z.string().max(2000).optional(), value: z.string().max(2000).optional() });
const updateBody = z.object({
  // A list, or Rails' numbered form (`fields_attributes[0][name]=…`), read in the order of its keys' numbers.
  // A plain string (masto.js sends "undefined" for an unset field) clears them, as Mastodon's fields_attributes= does with anything not a hash.
  fields_attributes: z
    .union([z.array(profileField).max(50), z.record(z.string().regex(/^\d{1,2}$/), profileField), z.string().max(2000)])
    .transform((v) => (typeof v === 'string' ? [] : Array.isArray(v) ? v : Object.entries(v).sort(([a], [b]) => Number(a) - Number(b)).map(([, f]) => f)))
    .optional(),
  // Rails' `source[privacy]=…` (form) or `{"source":{"privacy":…}}` (JSON): the posting preferences.
  source: z
    .object({
      privacy: z.enum(['public', 'unlisted', 'private']).optional(),
      sensitive: formBool.optional(),
      language: z
        .preprocess((v) => (v === '' || v === null ? null : v), z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 language code').nullable())
        .optional(),
    })
    .optional(),
  display_name: optionalText(LIMITS.displayNameMax),
  note: optionalText(LIMITS.noteMax),
  locked: formBool.optional(),
  bot: formBool.optional(),
  discoverable: formBool.optional(),
  avatar: uploadedFile.optional(),
  header: uploadedFile.optional(),
});

const directoryQuery = z.object({
  offset: formInt(0, 1_000_000).default(0),
  limit: formInt(1, LIMITS.directoryPageMax).default(40),
  order: z.enum(['active', 'new']).default('active'),
  local: formBool.optional(),
});

/** Mastodon's account endpoints: sign-up, own credentials, profiles, the directory. */
export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/accounts', { config: { rateLimit: RATE_LIMITS.signUp, auth: { scope: 'write:accounts', user: false } }, schema: { body: signUpBody, tags: ['accounts'], summary: 'Sign up (needs an app token)', response: { 200: TokenSchema, ...errorResponses } } }, async (req) =>
    signUp(ctx, req.actor, req.body, { ip: req.ip }),
  );

  app.get('/api/v1/accounts/verify_credentials', { config: { auth: { scope: 'read:accounts' } }, schema: { tags: ['accounts'], response: { 200: CredentialAccountSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentOwnCredentials(ctx, actor.account);
  });

  app.patch('/api/v1/accounts/update_credentials', { bodyLimit: uploadBodyLimit(ctx.config.mediaSizeLimit, 2), config: { auth: { scope: 'write:accounts' }, uploadLimit: ctx.config.mediaSizeLimit }, schema: { body: updateBody, tags: ['accounts'], response: { 200: CredentialAccountSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentOwnCredentials(ctx, await updateCredentials(ctx, actor, req.body));
  });

  for (const which of ['avatar', 'header'] as const) {
    app.delete(`/api/v1/profile/${which}`, { config: { auth: { scope: 'write:accounts' } }, schema: { tags: ['accounts'], summary: `Removes the account's ${which}: the default one shows again`, response: { 200: CredentialAccountSchema, ...errorResponses } } }, async (req) => {
      return presentOwnCredentials(ctx, await removeProfileImage(ctx, signedIn(req), which));
    });
  }

  app.get('/api/v1/accounts/lookup', { schema: { querystring: z.object({ acct: z.string().max(300) }), tags: ['accounts'], response: { 200: AccountSchema, ...errorResponses } } }, async (req) => {
    return presentOne(ctx.db, ctx.config, await lookupAccount(ctx, req.query.acct));
  });

  app.get('/api/v1/accounts/:id', { schema: { params: z.object({ id: z.string() }), tags: ['accounts'], response: { 200: AccountSchema, ...errorResponses } } }, async (req) => {
    return presentOne(ctx.db, ctx.config, await getOpenAccount(ctx, parseId(req.params.id)));
  });

  // Mastodon removed identity proofs with Keybase (4.0) but still answers the route with an empty list; so does this provider.
  app.get('/api/v1/accounts/:id/identity_proofs', { schema: { params: z.object({ id: z.string() }), tags: ['accounts'], summary: 'Identity proofs: always empty, as in Mastodon since Keybase went', response: { 200: alwaysEmpty, ...errorResponses } } }, async (req) => {
    await getOpenAccount(ctx, parseId(req.params.id));
    return [];
  });

  app.get('/api/v1/directory', { schema: { querystring: directoryQuery, tags: ['accounts'], summary: 'Verified government accounts and accounts that opted in', response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req) => {
    const rows = await listDirectory(ctx, req.query);
    return presentAccounts(ctx.db, ctx.config, rows);
  });
}
