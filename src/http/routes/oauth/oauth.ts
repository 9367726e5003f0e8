import { vapidPublicKey } from '../../../push/vapid.js';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, RetryLaterError, fieldError } from '../../../app/errors.js';
import { authorizeWithPassword, checkAuthorizeRequest } from '../../../oauth/authorize.js';
import { createApp } from '../../../oauth/create-app.js';
import { grantToken } from '../../../oauth/grant-token.js';
import { findAppById } from '../../../oauth/oauth.repository.js';
import { revokeToken } from '../../../oauth/revoke-token.js';
import { LIMITS } from '../../../domain/limits.js';
import { KNOWN_SCOPES } from '../../../domain/scopes.js';
import { stringOrList } from '../../forms.js';
import { unstorableReason } from '../../plugins/storable-text.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { PAGE_CSP, authorizePage } from './authorize-page.js';
import { ApplicationSchema, CredentialApplicationSchema, EmptySchema, OAuthServerMetadataSchema, TokenSchema, errorResponses, htmlPage } from '../../schemas/index.js';
import { cookieOptions, formIsGenuine, formToken } from './forgery.js';

const appBody = z.object({
  client_name: z.string().trim().min(1, "can't be blank").max(100),
  redirect_uris: stringOrList,
  scopes: z.string().max(1000).optional(),
  // Checked in createApp: http(s) only.
  website: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(LIMITS.appWebsiteMax).optional()),
});

const tokenBody = z.object({
  grant_type: z.string().max(100).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  scope: z.string().max(1000).optional(),
  code: z.string().max(200).optional(),
  redirect_uri: z.string().max(2000).optional(),
  code_verifier: z.string().max(200).optional(),
});

const authorizeQuery = z.object({
  response_type: z.string().max(50).optional(),
  client_id: z.string().max(200).optional(),
  redirect_uri: z.string().max(2000).optional(),
  scope: z.string().max(1000).optional(),
  state: z.string().max(2000).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(20).optional(),
  force_login: z.string().optional(),
  lang: z.string().optional(),
});

const authorizeForm = authorizeQuery.extend({
  authenticity_token: z.string().max(100).optional(),
  login: z.string().max(254).optional(),
  password: z.string().max(1000).optional(),
});

/** HTTP Basic client authentication (RFC 6749 §2.3.1), which some clients prefer to body fields. */
function basicClient(header: string | undefined): { client_id?: string; client_secret?: string } {
  const m = header && /^Basic\s+(\S+)$/i.exec(header);
  if (!m) return {};
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return {};
  let client: { client_id: string; client_secret: string };
  try {
    client = { client_id: decodeURIComponent(decoded.slice(0, i)), client_secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    // A malformed escape is a client that failed to authenticate, not a server error.
    return {};
  }
  // The header escapes the input hook that checks body fields; it answers as those fields would.
  for (const [field, value] of Object.entries(client)) {
    const reason = unstorableReason(value);
    if (reason) throw fieldError(field, 'ERR_INVALID', reason);
  }
  return client;
}

/** The known-device cookie (src/oauth/authorize.ts): random 256 bits, stored only as a digest beside the accounts it signed in to. */
const DEVICE_COOKIE = 'govblog_device';
const DEVICE_COOKIE_DAYS = 365;

/** The page for a request that cannot be shown the form: the error, its code and the parameter it names. */
function requestError(provider: string, err: AppError): string {
  const field = err.details ? Object.keys(err.details)[0] : undefined;
  return authorizePage({ provider, error: err.message, errorCode: err.code, ...(field ? { errorField: field } : {}) });
}

function page(reply: FastifyReply, status: number, html: string) {
  // Not helmet's no-referrer here: under it a browser posts the form with `Origin: null`, which forgery.ts must refuse.
  return reply.status(status).header('content-security-policy', PAGE_CSP).header('referrer-policy', 'same-origin').header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Apps and OAuth 2: registration, the sign-in page, tokens, revocation. */
export async function oauthRoutes(fastify: FastifyInstance) {
  await fastify.register(cookie);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  // Ignored when rate limiting is off: the plugin that reads it is not registered then.
  const signIn = { rateLimit: RATE_LIMITS.signIn };

  app.post('/api/v1/apps', { schema: { body: appBody, tags: ['oauth'], summary: 'Register a client application', response: { 200: CredentialApplicationSchema, ...errorResponses } } }, async (req) =>
    createApp(ctx, req.body),
  );

  app.get('/api/v1/apps/verify_credentials', { schema: { tags: ['oauth'], response: { 200: ApplicationSchema, ...errorResponses } } }, async (req) => {
    if (!req.actor || req.actor.appId === null) throw new AppError('unauthorized');
    const a = await findAppById(ctx.db, req.actor.appId);
    if (!a) throw new AppError('unauthorized');
    return { id: String(a.id), name: a.name, website: a.website, scopes: a.scopes.split(' '), redirect_uri: a.redirect_uris, redirect_uris: a.redirect_uris.split('\n'), vapid_key: await vapidPublicKey(ctx) };
  });

  app.post('/oauth/token', { config: signIn, schema: { body: tokenBody, tags: ['oauth'], summary: 'Obtain a token', response: { 200: TokenSchema, ...errorResponses } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return grantToken(ctx, { ...basicClient(req.headers.authorization), ...req.body });
  });

  app.post('/oauth/revoke', { schema: { body: tokenBody.extend({ token: z.string().max(200).optional() }), tags: ['oauth'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) =>
    revokeToken(ctx, { ...basicClient(req.headers.authorization), ...req.body }),
  );

  app.get('/oauth/authorize', { schema: { querystring: authorizeQuery, hide: true, response: { 200: htmlPage, 400: htmlPage } } }, async (req, reply) => {
    try {
      const checked = await checkAuthorizeRequest(ctx, req.query);
      const { force_login: _f, lang: _l, ...hidden } = req.query;
      const csrf = formToken(req, reply, ctx.config.publicUrl);
      return page(reply, 200, authorizePage({ provider: ctx.config.provider, appName: checked.app.name, scopes: checked.scopes, hidden, csrf }));
    } catch (err) {
      if (err instanceof AppError) return page(reply, 400, requestError(ctx.config.provider, err));
      throw err;
    }
  });

  app.post('/oauth/authorize', { config: signIn, schema: { body: authorizeForm, hide: true, response: { 200: htmlPage, 302: z.undefined(), 400: htmlPage, 401: htmlPage, 403: htmlPage, ...errorResponses } } }, async (req, reply) => {
    const { login, password, authenticity_token, force_login: _f, lang: _l, ...request } = req.body;
    let checked;
    try {
      checked = await checkAuthorizeRequest(ctx, request);
    } catch (err) {
      if (err instanceof AppError) return page(reply, 400, requestError(ctx.config.provider, err));
      throw err;
    }
    const form = (status: number, error: AppError | null, csrf: string) =>
      page(
        reply,
        status,
        authorizePage({
          provider: ctx.config.provider,
          appName: checked.app.name,
          scopes: checked.scopes,
          hidden: request,
          login: login ?? '',
          csrf,
          ...(error ? { error: error.status === 401 ? '用户名或密码错误 Invalid username/e-mail or password' : error.message, errorCode: error.code } : {}),
        }),
      );
    // Before the password is looked at: a forged post learns nothing and signs no one in. The form is shown again to the real user.
    if (!formIsGenuine(req, authenticity_token, ctx.config.publicUrl)) {
      return form(422, new AppError('invalid_authenticity_token'), formToken(req, reply, ctx.config.publicUrl));
    }
    const csrf = authenticity_token as string;
    try {
      const { code, redirect, device } = await authorizeWithPassword(
        ctx,
        { device: req.cookies[DEVICE_COOKIE], throttle: fastify.signInThrottle },
        { checked, login: login ?? '', password: password ?? '' },
      );
      // This browser now gets past the account's sign-in throttle (a year, renewed at each sign-in).
      reply.setCookie(DEVICE_COOKIE, device, cookieOptions(ctx.config.publicUrl, DEVICE_COOKIE_DAYS * 24 * 60 * 60));
      if (redirect) return reply.header('cache-control', 'no-store').redirect(redirect, 302);
      return page(reply, 200, authorizePage({ provider: ctx.config.provider, code }));
    } catch (err) {
      if (err instanceof RetryLaterError) {
        reply.header('retry-after', String(err.retryAfter));
        return form(err.status, err, csrf);
      }
      if (err instanceof AppError && (err.status === 401 || err.status === 403)) return form(err.status, err, csrf);
      throw err;
    }
  });

  app.get('/.well-known/oauth-authorization-server', { schema: { hide: true, response: { 200: OAuthServerMetadataSchema, ...errorResponses } } }, async () => ({
    issuer: ctx.config.publicUrl + '/',
    authorization_endpoint: `${ctx.config.publicUrl}/oauth/authorize`,
    token_endpoint: `${ctx.config.publicUrl}/oauth/token`,
    revocation_endpoint: `${ctx.config.publicUrl}/oauth/revoke`,
    app_registration_endpoint: `${ctx.config.publicUrl}/api/v1/apps`,
    scopes_supported: [...KNOWN_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  }));
}
