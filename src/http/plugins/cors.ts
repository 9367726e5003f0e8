import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Cross-origin access as Mastodon grants it, so that browser apps served from
 * other origins (Elk, Phanpy) can use the provider: any origin, no cookies,
 * on the client API, the token and revocation endpoints, the well-known and
 * NodeInfo documents and public profiles. Everything else (the sign-in form,
 * the web UI, the docs) stays same-origin. Browsers may read the paging and
 * rate-limit headers.
 */
const API = /^\/api\//;
const OAUTH = /^\/oauth\/(token|revoke)$/;
// Public files too (uploaded media, default avatars and headers), which browser apps may draw on a canvas.
const PUBLIC_GET = /^\/(\.well-known\/|nodeinfo\/|@[^/]+$|system\/media\/|avatars\/|headers\/)/;

export const EXPOSED_HEADERS = ['Link', 'X-RateLimit-Reset', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-Request-Id'];

type CorsRule = { methods: string[]; exposedHeaders?: string[] } | null;

/** The cross-origin rule for a path, or null where none applies. */
export function corsRule(path: string): CorsRule {
  if (API.test(path)) return { methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], exposedHeaders: EXPOSED_HEADERS };
  if (OAUTH.test(path)) return { methods: ['POST'] };
  if (PUBLIC_GET.test(path)) return { methods: ['GET'] };
  return null;
}

export const corsPlugin = fp(async (app: FastifyInstance) => {
  await app.register(cors, {
    hideOptionsRoute: true,
    delegator: (req: FastifyRequest, cb) => {
      const rule = corsRule((req.url ?? '/').split('?')[0] ?? '/');
      if (!rule) return cb(null, { origin: false });
      cb(null, { origin: '*', credentials: false, methods: rule.methods, ...(rule.exposedHeaders ? { exposedHeaders: rule.exposedHeaders } : {}), maxAge: 86_400 });
    },
  });
});
