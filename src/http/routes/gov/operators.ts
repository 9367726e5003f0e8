import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { addOperator } from '../../../operators/add-operator.js';
import { listOperators, presentOperators } from '../../../operators/list-operators.js';
import { takeOperatorToken } from '../../../operators/operator-token.js';
import { removeOperator } from '../../../operators/remove-operator.js';
import { idString } from '../../forms.js';
import { parseId } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { OperatorSchema, TokenSchema, errorResponses } from '../../schemas/index.js';

const organParams = z.object({ id: z.string() });
const operatorParams = z.object({ id: z.string(), account_id: z.string() });
const addBody = z.object({ account_id: idString });

function organIdOf(raw: string): number {
  const id = parseId(raw);
  if (id === null) throw notFound('Organ');
  return id;
}

/** Operators: the staff who run an organ's account, and the tokens through which they act for it. */
export async function operatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.get('/api/v1/gov/accounts/:id/operators', { config: { auth: { scope: 'read:gov' } }, schema: { params: organParams, tags: ['gov'], summary: "An organ's live operators (the organ, its operators, reviewers)", response: { 200: z.array(OperatorSchema), ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    return presentOperators(ctx, await listOperators(ctx, actor, organIdOf(req.params.id)));
  });

  app.post(
    '/api/v1/gov/accounts/:id/operators',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: organParams, body: addBody, tags: ['gov'], summary: 'The organ adds an operator', response: { 200: OperatorSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await addOperator(ctx, actor, organIdOf(req.params.id), req.body);
      const [json] = await presentOperators(ctx, [row]);
      return json;
    },
  );

  app.delete(
    '/api/v1/gov/accounts/:id/operators/:account_id',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: operatorParams, tags: ['gov'], summary: 'The organ removes an operator and revokes their tokens for it', response: { 200: OperatorSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const organId = organIdOf(req.params.id);
      const operatorId = parseId(req.params.account_id);
      if (operatorId === null) throw notFound('Operator');
      const row = await removeOperator(ctx, actor, organId, operatorId);
      const [json] = await presentOperators(ctx, [row]);
      return json;
    },
  );

  app.post(
    '/api/v1/gov/accounts/:id/operator_token',
    { config: { auth: { scope: 'write:gov' } }, schema: { params: organParams, tags: ['gov'], summary: 'A live operator takes a token that acts as the organ (Mastodon Token)', response: { 200: TokenSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      return takeOperatorToken(ctx, actor, organIdOf(req.params.id));
    },
  );
}
