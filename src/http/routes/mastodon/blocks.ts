import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { presentAccounts } from '../../../accounts/accounts.presenter.js';
import { blockAccount } from '../../../moderation/block-account.js';
import { blockDomain } from '../../../moderation/block-domain.js';
import { listBlocks, listDomainBlocks, listMutes } from '../../../moderation/list-blocks.js';
import { muteAccount } from '../../../moderation/mute-account.js';
import { unblockAccount } from '../../../moderation/unblock-account.js';
import { unblockDomain } from '../../../moderation/unblock-domain.js';
import { unmuteAccount } from '../../../moderation/unmute-account.js';
import { relationships } from '../../../social/relationships.js';
import { removeFromFollowers } from '../../../social/remove-from-followers.js';
import { formBool, formInt, idParams, pageQuery, windowOf } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { accountAction } from './account-action.js';
import { signedIn } from '../../plugins/auth.js';
import { EmptySchema, MutedAccountSchema, RelationshipSchema, AccountSchema, errorResponses } from '../../schemas/index.js';

const muteBody = z.object({ notifications: formBool.optional(), duration: formInt(0, 2 ** 31 - 1).optional() }).nullish();
const domainBody = z.object({ domain: z.string().max(300).optional() }).nullish();
const domainQuery = z.object({ domain: z.string().max(300).optional() });

/** Blocks, mutes, the user's domain blocks and remove_from_followers (Mastodon's shapes). */
export async function blockRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const relationship = { params: idParams, tags: ['accounts'], response: { 200: RelationshipSchema, ...errorResponses } };

  for (const [path, scope, action] of [
    ['block', 'write:blocks', blockAccount],
    ['unblock', 'write:blocks', unblockAccount],
    ['unmute', 'write:mutes', unmuteAccount],
    ['remove_from_followers', 'write:follows', removeFromFollowers],
  ] as const) accountAction(fastify, path, scope, action);

  app.post('/api/v1/accounts/:id/mute', { config: { auth: { scope: 'write:mutes' } }, schema: { ...relationship, body: muteBody } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Account');
    await muteAccount(ctx, actor, id, { notifications: req.body?.notifications, duration: req.body?.duration });
    const [rel] = await relationships(ctx, actor.account, [id]);
    return rel;
  });

  app.get('/api/v1/blocks', { config: { auth: { scope: 'read:blocks' } }, schema: { querystring: pageQuery(80, 40), tags: ['blocks'], response: { 200: z.array(AccountSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listBlocks(ctx, actor.account, windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.row_id) })), req.query.limit);
    return presentAccounts(ctx.db, ctx.config, rows);
  });

  app.get('/api/v1/mutes', { config: { auth: { scope: 'read:mutes' } }, schema: { querystring: pageQuery(80, 40), tags: ['mutes'], response: { 200: z.array(MutedAccountSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listMutes(ctx, actor.account, windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows.map((r) => ({ id: Number(r.row_id) })), req.query.limit);
    const accounts = await presentAccounts(ctx.db, ctx.config, rows);
    return accounts.map((a, i) => ({ ...a, mute_expires_at: rows[i]?.mute_expires_at ?? null }));
  });

  app.get('/api/v1/domain_blocks', { config: { auth: { scope: 'read:blocks' } }, schema: { querystring: pageQuery(200, 100), tags: ['domain_blocks'], response: { 200: z.array(z.string()), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listDomainBlocks(ctx, actor.account, windowOf(req.query));
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map((r) => r.domain);
  });

  app.post('/api/v1/domain_blocks', { config: { auth: { scope: 'write:blocks' } }, schema: { body: domainBody, querystring: domainQuery, tags: ['domain_blocks'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await blockDomain(ctx, actor.account, req.body?.domain ?? req.query.domain);
    return {};
  });

  app.delete('/api/v1/domain_blocks', { config: { auth: { scope: 'write:blocks' } }, schema: { body: domainBody, querystring: domainQuery, tags: ['domain_blocks'], response: { 200: EmptySchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    await unblockDomain(ctx, actor.account, req.body?.domain ?? req.query.domain);
    return {};
  });
}
