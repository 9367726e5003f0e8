import type { FastifyInstance } from 'fastify';
import { escapeHtml, htmlToText, plainToHtml } from '../../../app/html.js';
import { presentOne } from '../../../accounts/accounts.presenter.js';
import { lookupAccount } from '../../../accounts/lookup-account.js';
import { AppError } from '../../../app/errors.js';
import { PROVINCES } from '../../../domain/taxonomy.js';
import { PAGE_CSP } from '../oauth/authorize-page.js';
import { getStatus } from '../../../statuses/get-status.js';
import { presentStatuses } from '../../../statuses/hydrate.js';
import type { StatusJson } from '../../../statuses/statuses.presenter.js';
import { accountStatuses } from '../../../timelines/account-statuses.js';
import { tagTimeline } from '../../../timelines/tag-timeline.js';
import { htmlPage, imageFile, svgImage } from '../../schemas/index.js';
import { DEFAULT_HEADER_SVG, defaultAvatarPng, defaultAvatarSvg, defaultHeaderPng } from '../../../media/default-pictures.js';

const KIND_BADGE = { institutional: '机构认证 Organ', individual: '个人认证 Official' } as const;

/** Server-rendered pages the API's `url` fields point to, and the images its accounts show. */
/** A page shows 404 for what the API would answer 404. */
async function orNotFound<T>(load: Promise<T>): Promise<T | undefined> {
  try {
    return await load;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}

export async function webRoutes(app: FastifyInstance) {
  const { ctx } = app;

  app.get<{ Params: { id: string } }>('/avatars/:id.svg', { schema: { hide: true, response: { 200: svgImage } } }, async (req, reply) => {
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400');
    return defaultAvatarSvg(Number.parseInt(req.params.id, 10) || 0);
  });

  // Raster twins of the defaults: what the API's `avatar` and `header` point to, since apps do not decode SVG.
  app.get<{ Params: { id: string } }>('/avatars/:id.png', { schema: { hide: true, response: { 200: imageFile } } }, async (req, reply) => {
    reply.type('image/png').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
    return reply.send(await defaultAvatarPng(Number.parseInt(req.params.id, 10) || 0));
  });

  app.get('/headers/default.svg', { schema: { hide: true, response: { 200: svgImage } } }, async (_req, reply) => {
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400');
    return DEFAULT_HEADER_SVG;
  });

  app.get('/headers/default.png', { schema: { hide: true, response: { 200: imageFile } } }, async (_req, reply) => {
    reply.type('image/png').header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff');
    return reply.send(await defaultHeaderPng());
  });

  // Images come from the provider, or from the media bucket when media live in an S3-compatible store.
  const imgSrc = `img-src 'self'${ctx.config.s3 ? ` ${new URL(ctx.config.s3.publicUrl).origin}` : ''}`;
  const pageCsp = PAGE_CSP.replace("default-src 'none'", `default-src 'none'; ${imgSrc}`);
  const html = (reply: import('fastify').FastifyReply, status: number, title: string, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').header('content-security-policy', pageCsp).send(shell(title, body));

  app.get<{ Params: { handle: string; id: string } }>('/@:handle/:id', { schema: { hide: true, response: { 200: htmlPage, 404: htmlPage } } }, async (req, reply) => {
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : null;
    // Pages are what an anonymous visitor sees: public and unlisted statuses only.
    const row = id === null ? undefined : await orNotFound(getStatus(ctx, null, id));
    const [st] = row ? await presentStatuses(ctx, null, [row]) : [];
    if (!st || st.account.username.toLowerCase() !== req.params.handle.toLowerCase()) return html(reply, 404, '未找到 Not found', '<h1>未找到此微博 No such post</h1>');
    // The title is escaped by shell(): it takes the text the content shows, not its HTML, cut at 40 characters (not UTF-16 units).
    const excerpt = [...htmlToText(st.content)].slice(0, 40).join('');
    return html(reply, 200, `${st.account.display_name || st.account.username}: ${excerpt}`, statusCard(st));
  });

  app.get<{ Params: { tag: string } }>('/tags/:tag', { schema: { hide: true, response: { 200: htmlPage } } }, async (req, reply) => {
    const rows = await tagTimeline(ctx, null, { tag: req.params.tag, window: { limit: 40 } });
    const list = await presentStatuses(ctx, null, rows);
    const body = `<h1>#${escapeHtml(req.params.tag)}#</h1>${list.length ? list.map(statusCard).join('') : '<p>暂无微博 No posts yet</p>'}`;
    return html(reply, 200, `#${req.params.tag}#`, body);
  });

  app.get<{ Params: { handle: string } }>('/@:handle', { schema: { hide: true, response: { 200: htmlPage, 404: htmlPage } } }, async (req, reply) => {
    const account = await orNotFound(lookupAccount(ctx, req.params.handle));
    if (!account) return reply.status(404).type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).send(shell('未找到 Not found', '<h1>未找到此账号 No such account</h1>'));
    const { gov, avatar } = await presentOne(ctx.db, ctx.config, account);
    const name = account.display_name || account.username;
    const badge = gov ? `<span class="badge ${gov.kind}">${KIND_BADGE[gov.kind]}</span>` : '';
    const govBlock = gov
      ? `<dl><dt>认证 Verified</dt><dd>${escapeHtml(gov.verification)}</dd><dt>机构 Organ</dt><dd>${escapeHtml(gov.organ_name)}</dd>${gov.position ? `<dt>职务 Post</dt><dd>${escapeHtml(gov.position)}</dd>` : ''}<dt>地区 Region</dt><dd>${gov.province ? escapeHtml(PROVINCES[gov.province]?.zh ?? gov.province) : '全国 National'}</dd></dl>`
      : '';
    const body = `<img src="${escapeHtml(avatar)}" alt="" width="72" height="72"><h1>${escapeHtml(name)} ${badge}</h1><p class="handle">@${escapeHtml(account.username)}@${escapeHtml(ctx.config.provider)}</p>${govBlock}<div class="note">${plainToHtml(account.note)}</div><p class="counts">${Number(account.statuses_count)} 微博 posts · ${Number(account.followers_count)} 粉丝 followers · ${Number(account.following_count)} 关注 following</p>${(await presentStatuses(ctx, null, await accountStatuses(ctx, null, { account, window: { limit: 20 } }))).map(statusCard).join('')}`;
    return reply.type('text/html; charset=utf-8').header('content-security-policy', pageCsp).send(shell(name, body));
  });
}

/** One status as HTML; its content is already safe HTML from the renderer, everything else is escaped here. */
export function statusCard(st: StatusJson): string {
  const shown = st.reblog ?? st;
  const who = shown.account.display_name || shown.account.username;
  return `<article><p class="meta"><a href="${escapeHtml(shown.account.url)}">${escapeHtml(who)}</a> <span class="handle">@${escapeHtml(shown.account.username)}</span> · <a href="${escapeHtml(shown.url)}"><time datetime="${escapeHtml(shown.created_at)}">${escapeHtml(shown.created_at.slice(0, 16).replace('T', ' '))}</time></a></p>${shown.spoiler_text ? `<p><strong>${escapeHtml(shown.spoiler_text)}</strong></p>` : ''}<div class="content">${shown.content}</div>${shown.media_attachments.map((m) => `<a href="${escapeHtml(m.url)}"><img src="${escapeHtml(m.preview_url)}" alt="${escapeHtml(m.description ?? '')}" width="${m.meta.small.width}" height="${m.meta.small.height}" style="max-width:100%;height:auto"></a>`).join('')}<p class="counts">${shown.replies_count} 回复 replies · ${shown.reblogs_count} 转发 reblogs · ${shown.favourites_count} 赞 favourites</p></article>`;
}

export function shell(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:"Noto Sans CJK SC",system-ui,sans-serif;background:#f4f5f7;color:#1d2430;margin:0}main{max-width:40rem;margin:3rem auto;background:#fff;border-radius:10px;padding:2rem;box-shadow:0 2px 10px rgba(0,0,0,.08)}img{border-radius:12px}.handle{color:#5b6472}.badge{font-size:.8rem;padding:.15rem .5rem;border-radius:999px;vertical-align:middle;color:#fff}.badge.institutional{background:#c8102e}.badge.individual{background:#1f5fa8}article{border-top:1px solid #e3e6ea;padding:.8rem 0}.meta{margin:0 0 .3rem}.content p{margin:.3rem 0}.counts{color:#5b6472;font-size:.9rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dt{color:#5b6472}dd{margin:0}</style></head><body><main>${body}</main></body></html>`;
}
