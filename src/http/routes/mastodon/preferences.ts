import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { presentPreferences } from '../../../accounts/preferences.presenter.js';
import { signedIn } from '../../plugins/auth.js';
import { PreferencesSchema, errorResponses } from '../../schemas/index.js';

/** GET /api/v1/preferences: the caller's posting defaults (set through update_credentials' source[…]). */
export async function preferenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/v1/preferences', { config: { auth: { scope: 'read:accounts' } }, schema: { tags: ['accounts'], response: { 200: PreferencesSchema, ...errorResponses } } }, async (req) => presentPreferences(signedIn(req).account));
}
