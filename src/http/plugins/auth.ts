import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from '../../app/context.js';
import { countOperatorEntriesSince, lastAuditId } from '../../audit/audit.repository.js';
import { AppError } from '../../app/errors.js';
import type { AccountRow } from '../../accounts/accounts.repository.js';
import { type Actor, authenticate, requireScope, requireUser } from '../../oauth/authenticate.js';

/** What a route needs of its caller, checked before the body is validated: no token is a 401 before any 422. */
export interface RouteAuth {
  /** The scope the token must cover. */
  scope: string;
  /** A signed-in user (default), or any token, app-only included (sign-up). */
  user?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, from the bearer token; null when anonymous. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

/**
 * The bearer token of a request. Other schemes are not ours to judge here:
 * HTTP Basic carries client credentials to /oauth/token and /oauth/revoke.
 */
export function bearerOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h === undefined || !/^Bearer(\s|$)/i.test(h)) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  return m[1];
}

/** The signed-in caller of a route whose `auth` config the plugin has checked. */
export function signedIn(request: FastifyRequest): Actor & { account: AccountRow } {
  if (!request.actor?.account) throw new AppError('token_required');
  return request.actor as Actor & { account: AccountRow };
}

/**
 * Resolves the bearer token of every request once (a bad token is a 401 even
 * on public routes, as in Mastodon), then enforces the route's `auth` config.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: Context }) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = await authenticate(opts.ctx, bearerOf(request));
  });
  app.addHook('preValidation', async (request) => {
    const auth = request.routeOptions.config.auth;
    if (!auth) return;
    if (auth.user === false) {
      if (!request.actor) throw new AppError('token_required');
      requireScope(request.actor, auth.scope);
    } else {
      requireUser(request.actor, auth.scope);
    }
  });
  // Whatever a signed-in account writes (a favourite, a bookmark, a vote, a
  // filter, a follow…) may change how its home timeline is presented: its
  // kept pages go before it hears the answer (src/timelines/home-pages.ts).
  app.addHook('onSend', async (request, reply, payload) => {
    const account = request.actor?.account;
    if (account && request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') opts.ctx.cache.homes.forget([Number(account.id)]);
    return payload;
  });
  // Every change an operator makes for an organ is recorded by its use case,
  // in the same transaction (src/audit/record-operator-act.ts). With the
  // strict checks of the tests on, an operator's successful change that left
  // no entry fails loudly, so that no use case can forget its record.
  if (opts.ctx.config.checkResponses) {
    const auditFrom = new WeakMap<FastifyRequest, number>();
    app.addHook('preHandler', async (request) => {
      if (request.actor?.operator && request.method !== 'GET' && request.method !== 'HEAD') auditFrom.set(request, await lastAuditId(opts.ctx.db));
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const from = auditFrom.get(request);
      const operator = request.actor?.operator;
      if (from === undefined || !operator || reply.statusCode >= 300) return payload;
      if ((await countOperatorEntriesSince(opts.ctx.db, Number(operator.id), from)) === 0) {
        throw new Error(`${request.method} ${request.routeOptions.url}: an operator's change was answered ${reply.statusCode} but its use case recorded no audit entry`);
      }
      return payload;
    });
  }
});
