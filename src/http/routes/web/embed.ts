import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../app/errors.js';
import { embeddableStatus } from '../../../statuses/embed-status.js';
import { presentStatuses } from '../../../statuses/hydrate.js';
import { htmlPage } from '../../schemas/index.js';
import { PAGE_CSP } from '../oauth/authorize-page.js';
import { shell, statusCard } from './pages.js';

/**
 * /@user/:id/embed: the status alone, for the iframe of an oEmbed answer
 * (GET /api/oembed). The same CSP as the other pages (no script at all,
 * inline styles only, images from the provider or its media bucket) except
 * that any site may frame it, which is what the page is for; links open
 * outside the frame.
 */
export async function embedPageRoutes(app: FastifyInstance) {
  const { ctx } = app;
  const imgSrc = `img-src 'self'${ctx.config.s3 ? ` ${new URL(ctx.config.s3.publicUrl).origin}` : ''}`;
  const csp = PAGE_CSP.replace("default-src 'none'", `default-src 'none'; ${imgSrc}`).replace("frame-ancestors 'none'", 'frame-ancestors *');

  app.get<{ Params: { handle: string; id: string } }>('/@:handle/:id/embed', { schema: { hide: true, response: { 200: htmlPage, 404: htmlPage } } }, async (req, reply) => {
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : null;
    let st;
    try {
      const row = await embeddableStatus(ctx, id === null ? null : { handle: req.params.handle, id });
      [st] = await presentStatuses(ctx, null, [row]);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
    }
    reply.type('text/html; charset=utf-8').header('content-security-policy', csp);
    if (!st) return reply.status(404).send(shell('未找到 Not found', '<h1>未找到此微博 No such post</h1>'));
    // <base target> (no href: base-uri 'none' stays) opens every link of the card outside the frame.
    return reply.send(shell(`${st.account.display_name || st.account.username}`, statusCard(st)).replace('<head>', '<head><base target="_blank">'));
  });
}
