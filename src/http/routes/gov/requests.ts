import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { LIMITS } from '../../../domain/limits.js';
import { REQUEST_CATEGORIES, REQUEST_SORTS, REQUEST_STATES, REQUEST_TEXT_MAX } from '../../../domain/service-request.js';
import type { Caller } from '../../../operators/operators.policy.js';
import { acceptRequest } from '../../../requests/accept.js';
import { assignRequest } from '../../../requests/assign.js';
import { getRequest, isOrganSide } from '../../../requests/get-request.js';
import { getServiceStats } from '../../../requests/get-service-stats.js';
import { listOrganRequests, listOwnRequests } from '../../../requests/list-requests.js';
import { presentRequests } from '../../../requests/present-requests.js';
import { rateRequest } from '../../../requests/rate.js';
import type { RequestRow } from '../../../requests/requests.repository.js';
import { maySeeOperators } from '../../../requests/requests.policy.js';
import { resolveRequest } from '../../../requests/resolve.js';
import { respondToRequest } from '../../../requests/respond.js';
import { submitRequest } from '../../../requests/submit.js';
import type { Context } from '../../../app/context.js';
import { formBool, formInt, idString } from '../../forms.js';
import { pageUrl, parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { ServiceRequestSchema, ServiceStatsSchema, errorResponses, firstOfBatch } from '../../schemas/index.js';

const requestText = z.string().trim().min(1, "can't be blank").max(REQUEST_TEXT_MAX);

const submitBody = z.object({
  account_id: idString,
  category: z.enum(REQUEST_CATEGORIES),
  text: requestText,
  // A citizen who says nothing is not made public: complaints and calls for help often carry personal details.
  visibility: z.enum(['public', 'private']).default('private'),
});

/** `<due_at>,<id>`: where a page sorted by due time resumes (the Link header's next). */
const dueCursor = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d{1,18}$/, 'must be a cursor from the Link header')
  .transform((v) => {
    const [dueAt, id] = v.split(',') as [string, string];
    return { dueAt, id: Number(id) };
  });

const paging = {
  state: z.enum([...REQUEST_STATES, 'open']).optional(),
  assignee_id: z.union([z.literal('unassigned'), idString]).optional(),
  overdue: formBool.optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(REQUEST_SORTS).optional(),
  after: dueCursor.optional(),
  max_id: idString.optional(),
  since_id: idString.optional(),
  min_id: idString.optional(),
  limit: formInt(1, LIMITS.pageMax * 2).default(LIMITS.pageDefault),
};

const ownQuery = z.object({ ...paging, box: z.enum(['sent', 'received']).optional() });
const organQuery = z.object({ ...paging, visibility: z.enum(['public', 'all']).default('public') });
const idParams = z.object({ id: z.string() });

/** The caller of a route open to everyone: null when anonymous or an app-only token. */
function callerOf(req: FastifyRequest): Caller | null {
  return req.actor?.account ? { account: req.actor.account, operator: req.actor.operator, scopes: req.actor.scopes } : null;
}

/**
 * The Link header of a page: Mastodon's id cursors when newest first; when
 * soonest due first, `next` resumes after the last request (`after`), and
 * there is no `prev` (a due-time list is read from its start).
 */
function linkPage(req: FastifyRequest, reply: FastifyReply, baseUrl: string, rows: readonly RequestRow[], limit: number, sort: 'newest' | 'due' | undefined): void {
  if (sort !== 'due') return setLinkHeader(req, reply, baseUrl, rows, limit);
  const last = rows[rows.length - 1];
  if (!last || rows.length < limit) return;
  reply.header('link', `<${pageUrl(new URL(req.url, baseUrl), { after: `${last.due_at},${last.id}` }, ['max_id', 'min_id', 'since_id'])}>; rel="next"`);
}

function idOf(raw: string, what: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound(what);
  return id;
}

/** One request as the caller may see it (operators named only to the organ's side and reviewers). */
async function presentFor(ctx: Context, caller: Caller | null, row: RequestRow) {
  const showOperators = maySeeOperators(caller, await isOrganSide(ctx, caller, row));
  const [json] = await presentRequests(ctx, [row], showOperators);
  return json;
}

/** Citizens' service requests to organs, their handling, and each organ's public record. */
export async function requestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post(
    '/api/v1/gov/requests',
    { config: { auth: { scope: 'write:gov' } }, schema: { body: submitBody, tags: ['gov'], summary: 'A citizen sends a service request to an organ', response: { 201: firstOfBatch(ServiceRequestSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const row = await submitRequest(ctx, actor, req.body);
      return reply.status(201).send(await presentFor(ctx, actor, row));
    },
  );

  app.get(
    '/api/v1/gov/requests',
    { config: { auth: { scope: 'read:gov' } }, schema: { querystring: ownQuery, tags: ['gov'], summary: "The caller's requests: sent (default), or received for an organ", response: { 200: z.array(ServiceRequestSchema), ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const { rows, showOperators } = await listOwnRequests(ctx, actor, req.query);
      linkPage(req, reply, ctx.config.publicUrl, rows, req.query.limit, req.query.sort);
      return presentRequests(ctx, rows, showOperators);
    },
  );

  app.get('/api/v1/gov/requests/:id', { schema: { params: idParams, tags: ['gov'], summary: 'A request with its history (private ones: the citizen, the organ, reviewers)', response: { 200: ServiceRequestSchema, ...errorResponses } } }, async (req) => {
    const caller = callerOf(req);
    const { row, showOperators } = await getRequest(ctx, caller, idOf(req.params.id, 'Request'));
    const [json] = await presentRequests(ctx, [row], showOperators);
    return json;
  });

  for (const action of ['accept', 'resolve'] as const) {
    app.post(
      `/api/v1/gov/requests/:id/${action}`,
      { config: { auth: { scope: 'write:gov' } }, schema: { params: idParams, tags: ['gov'], summary: `The organ (or its operator): ${action} a request`, response: { 200: ServiceRequestSchema, ...errorResponses } } },
      async (req) => {
        const actor = signedIn(req);
        const id = idOf(req.params.id, 'Request');
        const row = action === 'accept' ? await acceptRequest(ctx, actor, id) : await resolveRequest(ctx, actor, id);
        return presentFor(ctx, actor, row);
      },
    );
  }

  app.post(
    '/api/v1/gov/requests/:id/respond',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: idParams, body: z.object({ text: requestText }), tags: ['gov'], summary: 'The organ (or its operator) responds', response: { 200: ServiceRequestSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await respondToRequest(ctx, actor, idOf(req.params.id, 'Request'), req.body);
      return presentFor(ctx, actor, row);
    },
  );

  app.post(
    '/api/v1/gov/requests/:id/assign',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: idParams, body: z.object({ assignee_id: idString }), tags: ['gov'], summary: 'The organ (or its operator) gives a request to one of its operators or to the organ account', response: { 200: ServiceRequestSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await assignRequest(ctx, actor, idOf(req.params.id, 'Request'), Number(req.body.assignee_id));
      return presentFor(ctx, actor, row);
    },
  );

  app.post(
    '/api/v1/gov/requests/:id/unassign',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: idParams, tags: ['gov'], summary: 'The organ (or its operator) takes a request back from whoever had it', response: { 200: ServiceRequestSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await assignRequest(ctx, actor, idOf(req.params.id, 'Request'), null);
      return presentFor(ctx, actor, row);
    },
  );

  app.post(
    '/api/v1/gov/requests/:id/rate',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: idParams, body: z.object({ score: formInt(1, 5) }), tags: ['gov'], summary: 'The citizen rates a resolved request, once, 1 to 5', response: { 200: ServiceRequestSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await rateRequest(ctx, actor, idOf(req.params.id, 'Request'), req.body);
      return presentFor(ctx, actor, row);
    },
  );

  app.get(
    '/api/v1/gov/accounts/:id/requests',
    { schema: { params: idParams, querystring: organQuery, tags: ['gov'], summary: "An organ's public requests, newest first (its side and reviewers: visibility=all)", response: { 200: z.array(ServiceRequestSchema), ...errorResponses } } },
    async (req, reply) => {
      const { rows, showOperators } = await listOrganRequests(ctx, callerOf(req), idOf(req.params.id, 'Organ'), req.query);
      linkPage(req, reply, ctx.config.publicUrl, rows, req.query.limit, req.query.sort);
      return presentRequests(ctx, rows, showOperators);
    },
  );

  app.get('/api/v1/gov/accounts/:id/service_stats', { schema: { params: idParams, tags: ['gov'], summary: "An organ's service record: counts by state, response rate, median hours to first response", response: { 200: ServiceStatsSchema, ...errorResponses } } }, async (req) => {
    return getServiceStats(ctx, idOf(req.params.id, 'Organ'));
  });
}
