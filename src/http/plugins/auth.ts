import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { type Actor, authenticate } from '../../oauth/authenticate.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, from the bearer token; null when anonymous. */
    actor: Actor | null;
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  return m[1];
}

/** Resolves the bearer token of every request once, before validation. A bad token is a 401 even on public routes, as in Mastodon. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: Context }) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = await authenticate(opts.ctx, bearerOf(request));
  });
});
