import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { retrieveDimensions } from '../../../dashboard/dimensions.js';
import { retrieveMeasures } from '../../../dashboard/measures.js';
import { retrieveRetention } from '../../../dashboard/retention.js';
import { formInt, stringOrList } from '../../forms.js';
import { signedIn } from '../../plugins/auth.js';
import { AdminCohortSchema, AdminDimensionSchema, AdminMeasureSchema, errorResponses } from '../../schemas/index.js';

const keys = stringOrList.optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const when = z.string().max(64).optional();
/** Per-key parameters (`tag_uses[id]`) ride beside the named fields, as Mastodon nests them. */
const measuresBody = z.looseObject({ keys, start_at: when, end_at: when });
const dimensionsBody = z.looseObject({ keys, start_at: when, end_at: when, limit: formInt(1, 1000).default(10).transform((n) => Math.min(n, 100)) });
const retentionBody = z.object({ start_at: when, end_at: when, frequency: z.string().max(20).optional() });

/** The admin dashboard's figures as Mastodon's admin API gives them: admins only, `admin:read`. */
export async function adminDashboardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  const config = { auth: { scope: 'admin:read' } };
  const tags = ['admin'];

  app.post('/api/v1/admin/measures', { config, schema: { body: measuresBody, tags, summary: 'Totals and daily values of the dashboard measures', response: { 200: z.array(AdminMeasureSchema), ...errorResponses } } }, async (req) =>
    retrieveMeasures(ctx, signedIn(req).account, { keys: req.body.keys, start_at: req.body.start_at, end_at: req.body.end_at, params: req.body }),
  );
  app.post('/api/v1/admin/dimensions', { config, schema: { body: dimensionsBody, tags, summary: 'Top values of the dashboard breakdowns', response: { 200: z.array(AdminDimensionSchema), ...errorResponses } } }, async (req) =>
    retrieveDimensions(ctx, signedIn(req).account, { keys: req.body.keys, start_at: req.body.start_at, end_at: req.body.end_at, limit: req.body.limit, params: req.body }),
  );
  app.post('/api/v1/admin/retention', { config, schema: { body: retentionBody, tags, summary: 'Cohorts of new accounts and how many stay active', response: { 200: z.array(AdminCohortSchema), ...errorResponses } } }, async (req) =>
    retrieveRetention(ctx, signedIn(req).account, req.body),
  );
}
