import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentAudit } from '../../../audit/audit.presenter.js';
import { listAuditFor } from '../../../audit/list-audit.js';
import { LIMITS } from '../../../domain/limits.js';
import { formInt, idString } from '../../forms.js';
import { setLinkHeader } from '../../pagination.js';
import { signedIn } from '../../plugins/auth.js';
import { AuditEntrySchema, errorResponses } from '../../schemas/index.js';

const query = z.object({
  max_id: idString.optional(),
  min_id: idString.optional(),
  limit: formInt(1, LIMITS.pageMax * 2).default(LIMITS.pageDefault),
});

/** GET /api/v1/gov/audit_log: who decided what, and which operator acted for which organ. */
export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  app.get('/api/v1/gov/audit_log', { config: { auth: { scope: 'read:accounts' } }, schema: { querystring: query, tags: ['gov'], summary: 'The audit log (reviewers: all; others: their own)', response: { 200: z.array(AuditEntrySchema), ...errorResponses } } }, async (req, reply) => {
    const actor = signedIn(req);
    const rows = await listAuditFor(ctx, actor, req.query);
    setLinkHeader(req, reply, ctx.config.publicUrl, rows, req.query.limit);
    return rows.map(presentAudit);
  });
}
