import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { ipBlockSeverities } from '../../sign-up-blocks/ip-access.js';

/**
 * Every request from an address under a no_access IP block is answered 403
 * before anything else reads it (its token included), as Mastodon's
 * Rack::Attack blocklist does. The address is the one the socket shows
 * (`req.ip`: this app does not trust X-Forwarded-For), so behind a reverse
 * proxy every request would seem to come from the proxy; creating a block
 * over the admin's own address is refused for that reason (ip-blocks.ts).
 */
export const ipAccessPlugin = fp(async (app: FastifyInstance, opts: { ctx: Context }) => {
  app.addHook('onRequest', async (request) => {
    if ((await ipBlockSeverities(opts.ctx, request.ip)).has('no_access')) throw new AppError('forbidden', 'Access from your address is blocked');
  });
});
