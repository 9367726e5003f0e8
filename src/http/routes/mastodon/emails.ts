import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../app/errors.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, errorResponses } from '../../schemas/index.js';

/**
 * Mastodon's e-mail confirmation routes. This provider holds no account for
 * e-mail confirmation (src/accounts/sign-up.ts): every account is confirmed
 * when it is made, and the address cannot change afterwards, so there is never
 * a confirmation to resend — Mastodon's own answer for a confirmed account
 * (403 with its message) — and the check is always true.
 */
export async function emailRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/emails/confirmations',
    { config: { auth: { scope: 'write:accounts' } }, schema: { body: z.object({ email: z.string().max(320).optional() }).nullish(), tags: ['accounts'], summary: 'Resend the confirmation e-mail: refused, every account is confirmed at sign-up', response: { 200: EmptySchema, ...errorResponses } } },
    async (req) => {
      signedIn(req);
      throw new AppError('forbidden', 'This method is only available while the e-mail is awaiting confirmation');
    },
  );

  app.get(
    '/api/v1/emails/check_confirmation',
    { config: { auth: { scope: 'read:accounts' } }, schema: { tags: ['accounts'], summary: "Whether the caller's e-mail is confirmed (always, here)", response: { 200: z.boolean(), ...errorResponses } } },
    async (req) => {
      signedIn(req);
      return true;
    },
  );
}
