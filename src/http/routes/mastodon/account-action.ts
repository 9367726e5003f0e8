import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from '../../../app/context.js';
import { notFound } from '../../../app/errors.js';
import { relationships } from '../../../social/relationships.js';
import { idParams } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { RelationshipSchema, errorResponses } from '../../schemas/index.js';

type Actor = ReturnType<typeof signedIn>;

/**
 * `POST /api/v1/accounts/:id/<path>` as Mastodon's account actions answer:
 * the use case on that account, then the caller's Relationship to it (404
 * for an id that names no account).
 */
export function accountAction(fastify: FastifyInstance, path: string, scope: string, action: (ctx: Context, actor: Actor, id: number) => Promise<unknown>): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  app.post(`/api/v1/accounts/:id/${path}`, { config: { auth: { scope } }, schema: { params: idParams, tags: ['accounts'], response: { 200: RelationshipSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Account');
    await action(ctx, actor, id);
    const [rel] = await relationships(ctx, actor.account, [id]);
    return rel;
  });
}
