import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiErrorSchema, builtFile, htmlPage } from '../../schemas/index.js';
import { z } from 'zod';

/**
 * Where `vite build` puts the web UI. Four levels up from this module is the
 * package root both when it runs from `src/http/routes/web/spa.ts` (tsx,
 * tests) and from `dist/http/routes/web/spa.js` (the built CLI).
 */
export const WEB_DIST = fileURLToPath(new URL('../../../../dist/web/', import.meta.url));

/** The UI's scripts and styles come from the provider alone; only the server-sanitised `content` of a status is HTML, and inline script never runs. Images may also be the composer's local previews (blob:). */
export const SPA_CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The same, letting images come from the media bucket's public address too when media live in an S3-compatible store. */
export function spaCsp(mediaOrigin: string | null): string {
  return mediaOrigin ? SPA_CSP.replace("img-src 'self' data: blob:", `img-src 'self' data: blob: ${mediaOrigin}`) : SPA_CSP;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The React web UI under /web/: its built files, and index.html for every client route. */
export async function spaRoutes(app: FastifyInstance, opts: { root?: string } = {}) {
  const root = opts.root ?? WEB_DIST;
  const s3 = app.ctx?.config.s3;
  const csp = spaCsp(s3 ? new URL(s3.publicUrl).origin : null);
  // serve: false — the routes below decide what is a file and what is a client route.
  await app.register(fastifyStatic, { root, serve: false, wildcard: false, decorateReply: true });

  const notBuilt = (reply: FastifyReply) =>
    reply.status(503).send({ error: 'The web UI has not been built: run `npm run build` (or `npx vite build --config web/vite.config.ts`)', code: 'ui_not_built' });

  const index = (reply: FastifyReply) => {
    if (!existsSync(`${root}/index.html`)) return notBuilt(reply);
    // index.html names the hashed bundles of this build: never cache it, or a new build would load old code.
    return reply.header('content-security-policy', csp).header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };

  app.get('/', { schema: { hide: true, response: { 302: z.undefined() } } }, async (_req, reply) => reply.redirect('/web/', 302));
  app.get('/web', { schema: { hide: true, response: { 200: htmlPage, 503: ApiErrorSchema } } }, async (_req, reply) => index(reply));

  app.get<{ Params: { '*': string } }>('/web/*', { schema: { hide: true, response: { 200: builtFile, 404: ApiErrorSchema, 503: ApiErrorSchema } } }, async (req, reply) => {
    const rest = req.params['*'] ?? '';
    // Built assets carry a content hash in their names, so they may be cached for good.
    if (rest.startsWith('assets/')) {
      if (!/^assets\/[\w.-]+$/.test(rest) || !isFile(`${root}/${rest}`)) return reply.status(404).send({ error: 'Record not found', code: 'not_found' });
      return reply.header('content-security-policy', csp).header('cache-control', 'public, max-age=31536000, immutable').sendFile(rest, root, { cacheControl: false });
    }
    // Other files at the top of the build (favicon.svg); anything else is a client route.
    if (/^[\w-]+\.(svg|ico|png|txt|webmanifest)$/.test(rest) && isFile(`${root}/${rest}`)) {
      return reply.header('content-security-policy', csp).header('cache-control', 'public, max-age=3600').sendFile(rest, root, { cacheControl: false });
    }
    return index(reply);
  });
}
