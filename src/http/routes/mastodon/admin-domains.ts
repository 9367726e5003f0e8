import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDomainAllow, getDomainAllow, listDomainAllowsFor, removeDomainAllow } from '../../../moderation/domain-allows.js';
import { ExistingDomainBlockError, changeDomainBlock, createDomainBlock, getDomainBlock, listDomainBlocksFor, removeDomainBlock } from '../../../moderation/domain-blocks.js';
import { presentAdminDomainAllow, presentAdminDomainBlock } from '../../../moderation/domain-moderation.presenter.js';
import { DOMAIN_BLOCK_SEVERITIES } from '../../../moderation/domain-moderation.table.js';
import { formBool, idParams, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AdminDomainAllowSchema, AdminDomainBlockSchema, ApiErrorSchema, EmptySchema, ExistingDomainBlockErrorSchema, errorResponses } from '../../schemas/index.js';

/** Mastodon's admin lists: 100 a page by default, 200 at most. */
const listQuery = pageQuery(200, 100);
/** A form's blank or a JSON null: not given. */
const blankless = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
/** Comments may be emptied: "" is kept as given, null is not given. */
const comment = z.preprocess((v) => (v === null ? undefined : v), z.string().max(5000).optional());

const blockFields = {
  severity: blankless(z.enum(DOMAIN_BLOCK_SEVERITIES)),
  reject_media: blankless(formBool),
  reject_reports: blankless(formBool),
  private_comment: comment,
  public_comment: comment,
  obfuscate: blankless(formBool),
};
const createBlockBody = z.object({ domain: z.string().max(1000).optional(), ...blockFields });
const updateBlockBody = z.object(blockFields).nullish();

/**
 * The admin API's server-wide domain moderation, as Mastodon shapes it:
 * domain blocks (silence, suspend or noop; media and reports refused or
 * not) and the domains allowed in limited-federation mode. Admins only
 * (src/moderation/domain-moderation.policy.ts); every change is in the audit log.
 */
export async function adminDomainRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const tags = ['admin'];

  const dbRead = { auth: { scope: 'admin:read:domain_blocks' } };
  const dbWrite = { auth: { scope: 'admin:write:domain_blocks' } };
  app.get('/api/v1/admin/domain_blocks', { config: dbRead, schema: { querystring: listQuery, tags, summary: 'Domains the provider blocks, newest first', response: { 200: z.array(AdminDomainBlockSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listDomainBlocksFor(ctx, signedIn(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentAdminDomainBlock);
  });
  app.get('/api/v1/admin/domain_blocks/:id', { config: dbRead, schema: { params: idParams, tags, response: { 200: AdminDomainBlockSchema, ...errorResponses } } }, async (req) =>
    presentAdminDomainBlock(await getDomainBlock(ctx, signedIn(req), parseId(req.params.id))),
  );
  app.post(
    '/api/v1/admin/domain_blocks',
    {
      config: dbWrite,
      schema: {
        body: createBlockBody,
        tags,
        summary: 'Block a domain and its subdomains (422 with the existing block when one already covers it as strictly)',
        response: { 200: AdminDomainBlockSchema, ...errorResponses, 422: z.union([ExistingDomainBlockErrorSchema, ApiErrorSchema]) },
      },
    },
    async (req, reply) => {
      try {
        return presentAdminDomainBlock(await createDomainBlock(ctx, signedIn(req), req.body));
      } catch (err) {
        if (!(err instanceof ExistingDomainBlockError)) throw err;
        return reply.status(422).send({ error: err.message, code: err.code, details: err.details ?? {}, existing_domain_block: presentAdminDomainBlock(err.existing) });
      }
    },
  );
  app.put('/api/v1/admin/domain_blocks/:id', { config: dbWrite, schema: { params: idParams, body: updateBlockBody, tags, summary: "Change a block's severity, flags or comments", response: { 200: AdminDomainBlockSchema, ...errorResponses } } }, async (req) =>
    presentAdminDomainBlock(await changeDomainBlock(ctx, signedIn(req), parseId(req.params.id), req.body ?? {})),
  );
  app.delete('/api/v1/admin/domain_blocks/:id', { config: dbWrite, schema: { params: idParams, tags, summary: 'Lift a block', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeDomainBlock(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });

  const daRead = { auth: { scope: 'admin:read:domain_allows' } };
  const daWrite = { auth: { scope: 'admin:write:domain_allows' } };
  app.get('/api/v1/admin/domain_allows', { config: daRead, schema: { querystring: listQuery, tags, summary: 'Domains allowed to federate in limited-federation mode', response: { 200: z.array(AdminDomainAllowSchema), ...errorResponses } } }, async (req, reply) => {
    const rows = await listDomainAllowsFor(ctx, signedIn(req), windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentAdminDomainAllow);
  });
  app.get('/api/v1/admin/domain_allows/:id', { config: daRead, schema: { params: idParams, tags, response: { 200: AdminDomainAllowSchema, ...errorResponses } } }, async (req) =>
    presentAdminDomainAllow(await getDomainAllow(ctx, signedIn(req), parseId(req.params.id))),
  );
  app.post('/api/v1/admin/domain_allows', { config: daWrite, schema: { body: z.object({ domain: z.string().max(1000).optional() }), tags, summary: 'Allow a domain (exactly that host) to federate; an allowed one answers as it is', response: { 200: AdminDomainAllowSchema, ...errorResponses } } }, async (req) =>
    presentAdminDomainAllow(await createDomainAllow(ctx, signedIn(req), req.body)),
  );
  app.delete('/api/v1/admin/domain_allows/:id', { config: daWrite, schema: { params: idParams, tags, summary: 'Take a domain off the allow list', response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    await removeDomainAllow(ctx, signedIn(req), parseId(req.params.id));
    return {};
  });
}
