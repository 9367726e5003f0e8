import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../../app/errors.js';
import { LIMITS } from '../../../domain/limits.js';
import { REVIEW_WRITE_SCOPE } from '../../../domain/scopes.js';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS } from '../../../domain/taxonomy.js';
import { VERIFICATION_STATES } from '../../../domain/verification-state.js';
import { applyForVerification } from '../../../verification/apply.js';
import { decideVerification } from '../../../verification/decide.js';
import { getVerification, listVerificationsFor, presentVerifications, readsAsReviewer } from '../../../verification/list-verifications.js';
import { undoVerificationDecision } from '../../../verification/undo-decision.js';
import { formBool, formInt, idString, optionalText } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { VerificationSchema, errorResponses, firstOfBatch } from '../../schemas/index.js';

const nullableEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(values).optional());

const applyBody = z.object({
  account_id: z.preprocess((v) => (v === '' || v === null ? undefined : v), idString.optional()),
  kind: z.enum(ACCOUNT_KINDS),
  organ_name: z.string().trim().min(1, "can't be blank").max(LIMITS.organNameMax),
  account_name: optionalText(LIMITS.displayNameMax * 2),
  organ: z.enum(ORGAN_KINDS),
  public_security: formBool.default(false),
  level: z.enum(LEVELS),
  region_code: optionalText(12),
  credit_code: optionalText(40),
  position: optionalText(LIMITS.positionMax),
  rank: nullableEnum(RANKS),
  verification: z.string().trim().min(1, "can't be blank").max(LIMITS.verificationTextMax),
  evidence: z.string().trim().min(1, "can't be blank").max(LIMITS.evidenceMax),
  organ_account_id: z.preprocess((v) => (v === '' || v === null ? undefined : v), idString.optional()),
});

const listQuery = z.object({
  state: z.enum(VERIFICATION_STATES).optional(),
  max_id: idString.optional(),
  since_id: idString.optional(),
  min_id: idString.optional(),
  limit: formInt(1, LIMITS.pageMax * 2).default(LIMITS.pageDefault),
});

// display_name is checked by the use case (1 to 30 characters, no control characters), which names the field.
const decisionBody = z.object({ reason: optionalText(LIMITS.reasonMax), display_name: z.string().max(LIMITS.displayNameMax * 4).optional() }).default({});

/** Verification of organs and officials: applications, the reviewer queue, decisions. */
export async function verificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/gov/verifications', { config: { auth: { scope: 'write:accounts' } }, schema: { body: applyBody, tags: ['gov'], summary: 'Apply for verification as an organ or an official', response: { 201: firstOfBatch(VerificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const row = await applyForVerification(ctx, actor.account, req.body);
    const [json] = await presentVerifications(ctx, [row], { forReviewer: false });
    return reply.status(201).send(json);
  });

  app.get('/api/v1/gov/verifications', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: listQuery, tags: ['gov'], summary: 'Applications: all for reviewers with admin:read:accounts (state=pending is the queue), own for others', response: { 200: z.array(VerificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const { rows, order, forReviewer } = await listVerificationsFor(ctx, actor, req.query);
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit, order);
    return presentVerifications(ctx, rows, { forReviewer });
  });

  app.get('/api/v1/gov/verifications/:id', { config: { auth: { scope: 'read:accounts' } }, schema: { params: z.object({ id: z.string() }), tags: ['gov'], response: { 200: VerificationSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Verification');
    const [json] = await presentVerifications(ctx, [await getVerification(ctx, actor, id)], { forReviewer: readsAsReviewer(actor) });
    return json;
  });

  for (const decision of ['approve', 'reject', 'revoke'] as const) {
    app.post(
      `/api/v1/gov/verifications/:id/${decision}`,
      // As Mastodon's admin API: the token needs the admin scope, the account the reviewer role.
      { config: { auth: { scope: REVIEW_WRITE_SCOPE } }, schema: { params: z.object({ id: z.string() }), body: decisionBody, tags: ['gov'], summary: `Reviewers (admin:write:accounts): ${decision} an application`, response: { 200: VerificationSchema, ...errorResponses } } },
      async (req) => {
        const actor = signedIn(req);
        const id = parseId(req.params.id);
        if (id === null) throw notFound('Verification');
        const row = await decideVerification(ctx, actor.account, id, decision, req.body ?? {});
        const [json] = await presentVerifications(ctx, [row], { forReviewer: true });
        return json;
      },
    );
  }

  app.post(
    '/api/v1/gov/verifications/:id/undo',
    { config: { auth: { scope: REVIEW_WRITE_SCOPE } }, schema: { params: z.object({ id: z.string() }), tags: ['gov'], summary: `Reviewers (admin:write:accounts): undo one's own approval or rejection within ${LIMITS.verificationUndoMinutes} minutes`, response: { 200: VerificationSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      if (id === null) throw notFound('Verification');
      const row = await undoVerificationDecision(ctx, actor.account, id);
      const [json] = await presentVerifications(ctx, [row], { forReviewer: true });
      return json;
    },
  );
}
