import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idString, pageQuery } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { StatusSchema, errorResponses, prerendered } from '../../schemas/index.js';
import { notFound } from '../../../app/errors.js';
import { listQuotes } from '../../../quotes/list-quotes.js';
import { revokeQuote } from '../../../quotes/revoke-quote.js';
import { setQuotePolicy } from '../../../quotes/set-quote-policy.js';
import { QUOTE_APPROVAL_POLICIES } from '../../../statuses/statuses.table.js';
import { renderStatuses } from '../../../statuses/status-cache.js';
import { presentStatus } from '../../../statuses/hydrate.js';

const JSON_TYPE = 'application/json; charset=utf-8';

function idOf(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Status');
  return id;
}

/** Quote posts (Mastodon 4.5): the quotes of a status, and their revocation by its author. */
export async function quoteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get(
    '/api/v1/statuses/:id/quotes',
    { schema: { params: z.object({ id: z.string() }), querystring: pageQuery(40), tags: ['statuses'], summary: 'The accepted quotes of a status', response: { 200: prerendered(z.array(StatusSchema)), ...errorResponses } } },
    async (req, reply) => {
      const viewer = req.actor?.account ?? null;
      const q = req.query;
      const page = await listQuotes(ctx, viewer, {
        id: idOf(req.params.id),
        limit: q.limit,
        maxId: q.max_id ? Number(q.max_id) : undefined,
        sinceId: q.since_id ? Number(q.since_id) : q.min_id ? Number(q.min_id) : undefined,
      });
      setLinkHeader(req, reply, ctx.config.publicUrl, page.cursor, q.limit);
      return reply.type(JSON_TYPE).send(await renderStatuses(ctx, viewer, page.statuses));
    },
  );

  app.post(
    '/api/v1/statuses/:id/quotes/:quoting_status_id/revoke',
    {
      config: { auth: { scope: 'write:statuses' } },
      schema: { params: z.object({ id: z.string(), quoting_status_id: idString }), tags: ['statuses'], summary: 'Revoke a quote of one of your statuses', response: { 200: StatusSchema, ...errorResponses } },
    },
    async (req) => {
      const caller = signedIn(req);
      const quoting = await revokeQuote(ctx, caller, idOf(req.params.id), idOf(req.params.quoting_status_id));
      return presentStatus(ctx, caller.account, quoting);
    },
  );

  app.put(
    '/api/v1/statuses/:id/interaction_policy',
    {
      config: { auth: { scope: 'write:statuses' } },
      schema: { params: z.object({ id: z.string() }), body: z.object({ quote_approval_policy: z.enum(QUOTE_APPROVAL_POLICIES) }), tags: ['statuses'], summary: 'Change who may quote one of your statuses', response: { 200: StatusSchema, ...errorResponses } },
    },
    async (req) => {
      const caller = signedIn(req);
      return presentStatus(ctx, caller.account, await setQuotePolicy(ctx, caller, idOf(req.params.id), req.body.quote_approval_policy));
    },
  );
}
