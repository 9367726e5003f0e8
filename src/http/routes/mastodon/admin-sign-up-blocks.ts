import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BlockAdmin } from '../../../sign-up-blocks/admin-caller.js';
import { createCanonicalEmailBlock, getCanonicalEmailBlock, listCanonicalEmailBlocksFor, removeCanonicalEmailBlock, testCanonicalEmail } from '../../../sign-up-blocks/canonical-email-blocks.js';
import { createEmailDomainBlock, getEmailDomainBlock, listEmailDomainBlocksFor, removeEmailDomainBlock } from '../../../sign-up-blocks/email-domain-blocks.js';
import { presentEmailDomainBlocks } from '../../../sign-up-blocks/email-domain-history.js';
import { changeIpBlock, createIpBlock, getIpBlock, listIpBlocksFor, removeIpBlock } from '../../../sign-up-blocks/ip-blocks.js';
import { presentCanonicalEmailBlock, presentIpBlock } from '../../../sign-up-blocks/sign-up-blocks.presenter.js';
import { IP_BLOCK_SEVERITIES } from '../../../sign-up-blocks/sign-up-blocks.table.js';
import { formInt, optionalText, pageQuery, windowOf, idParams } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { CanonicalEmailBlockSchema, EmailDomainBlockSchema, EmptySchema, IpBlockSchema, errorResponses } from '../../schemas/index.js';

/** Mastodon's admin lists: 100 a page by default, 200 at most. */
const listQuery = pageQuery(200, 100);
/** Up to a hundred years, in seconds. */
const expiresIn = z.preprocess((v) => (v === '' || v === null ? undefined : v), formInt(1, 3_153_600_000).optional());

const ipBlockBody = z.object({
  ip: z.string().max(100).optional(),
  severity: z.enum(IP_BLOCK_SEVERITIES).optional(),
  comment: z.string().max(1000).optional(),
  expires_in: expiresIn,
});

function admin(req: FastifyRequest): BlockAdmin {
  return { account: signedIn(req).account, ip: req.ip };
}

/**
 * The admin API's sign-up blocks, as Mastodon shapes them: e-mail domains,
 * canonical e-mail addresses (hashed) and IP ranges. Admins only (the use
 * cases' policy); every change is in the audit log.
 */
export async function adminSignUpBlockRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const tags = ['admin'];

  // E-mail domain blocks.
  const edRead = { auth: { scope: 'admin:read:email_domain_blocks' } };
  const edWrite = { auth: { scope: 'admin:write:email_domain_blocks' } };
  app.get('/api/v1/admin/email_domain_blocks', { config: edRead, schema: { querystring: listQuery, tags, summary: 'E-mail domains refused at sign-up', response: { 200: z.array(EmailDomainBlockSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listEmailDomainBlocksFor(ctx, admin(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return presentEmailDomainBlocks(ctx, rows);
  });
  app.get('/api/v1/admin/email_domain_blocks/:id', { config: edRead, schema: { params: idParams, tags, response: { 200: EmailDomainBlockSchema, ...errorResponses } } }, async (req) => {
    const [json] = await presentEmailDomainBlocks(ctx, [await getEmailDomainBlock(ctx, admin(req), parseId(req.params.id))]);
    return json as NonNullable<typeof json>;
  });
  app.post('/api/v1/admin/email_domain_blocks', { config: edWrite, schema: { body: z.object({ domain: z.string().max(300) }), tags, summary: 'Refuse sign-ups with addresses at a domain (and its subdomains)', response: { 200: EmailDomainBlockSchema, ...errorResponses } } }, async (req) => {
    const [json] = await presentEmailDomainBlocks(ctx, [await createEmailDomainBlock(ctx, admin(req), req.body)]);
    return json as NonNullable<typeof json>;
  });
  app.delete('/api/v1/admin/email_domain_blocks/:id', { config: edWrite, schema: { params: idParams, tags, response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeEmailDomainBlock(ctx, admin(req), parseId(req.params.id));
    return {};
  });

  // Canonical e-mail blocks.
  const ceRead = { auth: { scope: 'admin:read:canonical_email_blocks' } };
  const ceWrite = { auth: { scope: 'admin:write:canonical_email_blocks' } };
  app.get('/api/v1/admin/canonical_email_blocks', { config: ceRead, schema: { querystring: listQuery, tags, summary: 'Blocked e-mail addresses, as hashes of their canonical form', response: { 200: z.array(CanonicalEmailBlockSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listCanonicalEmailBlocksFor(ctx, admin(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentCanonicalEmailBlock);
  });
  app.get('/api/v1/admin/canonical_email_blocks/:id', { config: ceRead, schema: { params: idParams, tags, response: { 200: CanonicalEmailBlockSchema, ...errorResponses } } }, async (req) =>
    presentCanonicalEmailBlock(await getCanonicalEmailBlock(ctx, admin(req), parseId(req.params.id))),
  );
  app.post('/api/v1/admin/canonical_email_blocks/test', { config: ceRead, schema: { body: z.object({ email: z.string().min(1).max(320) }), tags, summary: 'The blocks an address falls under', response: { 200: z.array(CanonicalEmailBlockSchema), ...errorResponses } } }, async (req) =>
    (await testCanonicalEmail(ctx, admin(req), req.body.email)).map(presentCanonicalEmailBlock),
  );
  app.post(
    '/api/v1/admin/canonical_email_blocks',
    { config: ceWrite, schema: { body: z.object({ email: optionalText(320), canonical_email_hash: optionalText(128) }), tags, summary: 'Block an address (and its dotted and +tagged variants)', response: { 200: CanonicalEmailBlockSchema, ...errorResponses } } },
    async (req) => presentCanonicalEmailBlock(await createCanonicalEmailBlock(ctx, admin(req), req.body)),
  );
  app.delete('/api/v1/admin/canonical_email_blocks/:id', { config: ceWrite, schema: { params: idParams, tags, response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeCanonicalEmailBlock(ctx, admin(req), parseId(req.params.id));
    return {};
  });

  // IP blocks.
  const ipRead = { auth: { scope: 'admin:read:ip_blocks' } };
  const ipWrite = { auth: { scope: 'admin:write:ip_blocks' } };
  app.get('/api/v1/admin/ip_blocks', { config: ipRead, schema: { querystring: listQuery, tags, summary: 'IP ranges whose sign-ups, or every request, are refused', response: { 200: z.array(IpBlockSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listIpBlocksFor(ctx, admin(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentIpBlock);
  });
  app.get('/api/v1/admin/ip_blocks/:id', { config: ipRead, schema: { params: idParams, tags, response: { 200: IpBlockSchema, ...errorResponses } } }, async (req) => presentIpBlock(await getIpBlock(ctx, admin(req), parseId(req.params.id))));
  app.post('/api/v1/admin/ip_blocks', { config: ipWrite, schema: { body: ipBlockBody, tags, summary: 'Block an IP range', response: { 200: IpBlockSchema, ...errorResponses } } }, async (req) => presentIpBlock(await createIpBlock(ctx, admin(req), req.body)));
  app.put('/api/v1/admin/ip_blocks/:id', { config: ipWrite, schema: { params: idParams, body: ipBlockBody.nullish(), tags, response: { 200: IpBlockSchema, ...errorResponses } } }, async (req) =>
    presentIpBlock(await changeIpBlock(ctx, admin(req), parseId(req.params.id), req.body ?? {})),
  );
  app.delete('/api/v1/admin/ip_blocks/:id', { config: ipWrite, schema: { params: idParams, tags, response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeIpBlock(ctx, admin(req), parseId(req.params.id));
    return {};
  });
}
