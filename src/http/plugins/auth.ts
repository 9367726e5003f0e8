import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from '../../app/context.js';
import { recordAudit } from '../../audit/audit.repository.js';
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
    /** The audit action an operator's successful call records (`status.create`…); default: method and route. */
    audit?: string;
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
  // Every successful change an operator makes for an organ is recorded with
  // both names, before the answer leaves: the organ sees who did what.
  app.addHook('onSend', async (request, reply, payload) => {
    const actor = request.actor;
    if (!actor?.operator || !actor.account || request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return payload;
    let subjectId = (request.params as Record<string, string> | undefined)?.id ?? '';
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        const id = (JSON.parse(payload) as { id?: unknown }).id;
        if (typeof id === 'string') subjectId = id;
      } catch {
        // Not JSON: the route's params name the subject.
      }
    }
    await recordAudit(opts.ctx.db, {
      actorId: actor.account.id,
      operatorId: actor.operator.id,
      action: request.routeOptions.config.audit ?? `${request.method} ${request.routeOptions.url ?? request.url}`,
      subjectType: 'route',
      subjectId,
      data: { method: request.method, path: request.url.split('?')[0] },
      at: opts.ctx.clock.now().toISOString(),
    });
    return payload;
  });
});
