import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS } from '../../../domain/limits.js';
import { REPORT_CATEGORIES } from '../../../moderation/moderation.table.js';
import { fileReport } from '../../../moderation/file-report.js';
import { presentReport } from '../../../moderation/reports.presenter.js';
import { formBool, idString } from '../../forms.js';
import { signedIn } from '../../plugins/auth.js';
import { RATE_LIMITS } from '../../rate-limits.js';
import { ReportSchema, errorResponses } from '../../schemas/index.js';

/** An id as clients send it: digits, as a string or (some JavaScript clients) a number. */
export const bodyId = z.preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : v), idString);
/** A list of ids, or one id alone (a form with a single `status_ids[]`). */
export const bodyIds = (max: number) => z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(bodyId).max(max));

const reportBody = z.object({
  account_id: bodyId,
  status_ids: bodyIds(100),
  // Mastodon's limit for a local report's comment.
  comment: z.string().max(LIMITS.reportCommentMax).optional(),
  forward: formBool.default(false),
  category: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(REPORT_CATEGORIES).optional()),
  rule_ids: bodyIds(100),
});

/** POST /api/v1/reports: anyone signed in reports an account to the moderators. */
export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const reporting = {
    ...RATE_LIMITS.reports,
    // Counted per account, after the token has been read.
    hook: 'preHandler' as const,
    keyGenerator: (req: FastifyRequest) => `account:${req.actor?.account?.id ?? req.ip}`,
  };

  app.post(
    '/api/v1/reports',
    { config: { auth: { scope: 'write:reports' }, rateLimit: reporting }, schema: { body: reportBody, tags: ['reports'], summary: 'Report an account (and some of its statuses) to the moderators', response: { 200: ReportSchema, ...errorResponses } } },
    async (req) => {
      const actor = signedIn(req);
      const row = await fileReport(ctx, actor, req.body);
      return presentReport(ctx, row);
    },
  );
}
