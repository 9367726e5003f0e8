import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../app/errors.js';
import { EVIDENCE_LIMITS, LIMITS } from '../../../domain/limits.js';
import { REVIEW_WRITE_SCOPE } from '../../../domain/scopes.js';
import { ACCOUNT_KINDS, LEVELS, ORGAN_KINDS, RANKS } from '../../../domain/taxonomy.js';
import { VERIFICATION_STATES } from '../../../domain/verification-state.js';
import { applyForVerification } from '../../../verification/apply.js';
import { decideVerification } from '../../../verification/decide.js';
import { getVerification, listVerificationsFor, presentVerifications, readsAsReviewer } from '../../../verification/list-verifications.js';
import { undoVerificationDecision } from '../../../verification/undo-decision.js';
import { EVIDENCE_TOO_LARGE, type EvidenceDownload, readApplicationEvidence, readOwnEvidenceFile, uploadEvidence } from '../../../verification/evidence.js';
import { presentEvidenceFile, uploadedEvidenceUrl } from '../../../verification/verification.presenter.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { uploadBodyLimit, uploadedFile } from '../mastodon/media.js';
import { formBool, formInt, idString, optionalText } from '../../forms.js';
import { parseId, setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { VerificationSchema, errorResponses, firstOfBatch } from '../../schemas/index.js';
import { EvidenceFileSchema } from '../../schemas/gov.js';

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
  // Bounded loosely here so that the use case names the count (evidence_too_many) rather than the schema.
  evidence_file_ids: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(idString).max(EVIDENCE_LIMITS.filesMax * 4).optional()),
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

/**
 * An evidence file as served: the type the server sniffed (never the
 * client's), nosniff, and a sandbox policy, so that no file is ever taken for
 * a page; a PDF is a download, never opened in the provider's origin. Never
 * cached by a shared cache: the file is private.
 */
function sendEvidence(reply: FastifyReply, file: EvidenceDownload) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const disposition = file.content_type === 'application/pdf' ? 'attachment' : 'inline';
  return reply
    .type(file.content_type)
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

const evidenceFileResponse = { content: { 'image/*': { schema: z.string() }, 'application/pdf': { schema: z.string() } } };

/** Verification of organs and officials: applications, the reviewer queue, decisions. */
export async function verificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;

  app.post('/api/v1/gov/verifications', { config: { auth: { scope: 'write:accounts' } }, schema: { body: applyBody, tags: ['gov'], summary: 'Apply for verification as an organ or an official', response: { 201: firstOfBatch(VerificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const row = await applyForVerification(ctx, actor.account, req.body);
    const [json] = await presentVerifications(ctx, [row], { forReviewer: false, viewerId: actor.account.id });
    return reply.status(201).send(json);
  });

  const uploading = {
    ...RATE_LIMITS.media,
    groupId: 'evidence',
    // Counted per account, after the token has been read.
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => `account:${req.actor?.account?.id ?? req.ip}`,
  };
  app.post(
    '/api/v1/gov/verifications/evidence',
    {
      bodyLimit: uploadBodyLimit(EVIDENCE_LIMITS.fileBytesMax),
      config: { auth: { scope: 'write:accounts' }, rateLimit: uploading, uploadLimit: EVIDENCE_LIMITS.fileBytesMax, uploadTooLarge: EVIDENCE_TOO_LARGE },
      schema: { body: z.object({ file: uploadedFile }), tags: ['gov'], summary: `Upload an evidence file for an application (multipart: file; JPEG, PNG, WebP or PDF, at most ${EVIDENCE_LIMITS.fileBytesMax / 1024 / 1024} MB), then name it in evidence_file_ids[]`, response: { 200: EvidenceFileSchema, ...errorResponses } },
    },
    async (req) => {
      const actor = signedIn(req);
      const row = await uploadEvidence(ctx, actor.account, { file: req.body.file, filename: req.uploadFilenames?.file?.[0] });
      return presentEvidenceFile(row, uploadedEvidenceUrl(ctx.config.publicUrl, row.id));
    },
  );

  app.get('/api/v1/gov/verifications/evidence/:file_id', { config: { auth: { scope: 'read:accounts' } }, schema: { params: z.object({ file_id: z.string() }), tags: ['gov'], summary: 'An evidence file of ones own (its uploader only)', response: { 200: evidenceFileResponse, ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const fileId = parseId(req.params.file_id);
    if (fileId === null) throw notFound('Evidence file');
    return sendEvidence(reply, await readOwnEvidenceFile(ctx, actor.account, fileId));
  });

  app.get(
    '/api/v1/gov/verifications/:id/evidence/:file_id',
    { config: { auth: { scope: 'read:accounts' } }, schema: { params: z.object({ id: z.string(), file_id: z.string() }), tags: ['gov'], summary: 'An evidence file of an application: its applicant, and reviewers with admin:read:accounts', response: { 200: evidenceFileResponse, ...errorResponses } } },
    async (req, reply) => {
      const actor = signedIn(req);
      const id = parseId(req.params.id);
      const fileId = parseId(req.params.file_id);
      if (id === null || fileId === null) throw notFound('Evidence file');
      return sendEvidence(reply, await readApplicationEvidence(ctx, actor, id, fileId));
    },
  );

  app.get('/api/v1/gov/verifications', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: listQuery, tags: ['gov'], summary: 'Applications: all for reviewers with admin:read:accounts (state=pending is the queue), own for others', response: { 200: z.array(VerificationSchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const { rows, order, forReviewer } = await listVerificationsFor(ctx, actor, req.query);
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit, order);
    return presentVerifications(ctx, rows, { forReviewer, viewerId: actor.account.id });
  });

  app.get('/api/v1/gov/verifications/:id', { config: { auth: { scope: 'read:accounts' } }, schema: { params: z.object({ id: z.string() }), tags: ['gov'], response: { 200: VerificationSchema, ...errorResponses } } }, async (req) => {
    const actor = signedIn(req);
    const id = parseId(req.params.id);
    if (id === null) throw notFound('Verification');
    const [json] = await presentVerifications(ctx, [await getVerification(ctx, actor, id)], { forReviewer: readsAsReviewer(actor), viewerId: actor.account.id });
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
