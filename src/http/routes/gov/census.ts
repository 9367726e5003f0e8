import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ApiErrorSchema, CensusReportSchema, errorResponses } from '../../schemas/index.js';

/**
 * The census report the provider shows on its dashboard: the JSON file that
 * `govblog census report --format json` wrote (the demo writes it too). Read
 * on every request, so that a report written while the provider runs is shown
 * without a restart.
 */
export async function censusRoutes(app: FastifyInstance) {
  const { ctx } = app;
  app.get('/api/v1/gov/census/report', { schema: { tags: ['gov'], summary: 'The latest census report (CONTRACT §3), as the JSON file named by --report', response: { 200: CensusReportSchema, 503: ApiErrorSchema, ...errorResponses } } }, async (_req, reply) => {
    const path = ctx.config.reportPath;
    if (!path) return reply.status(404).send({ error: 'This provider shows no census report', code: 'not_found' });
    let text: string;
    try {
      text = await readFile(resolve(path), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reply.status(404).send({ error: 'No census report has been written yet', code: 'not_found' });
      throw err;
    }
    try {
      return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(JSON.parse(text) as unknown);
    } catch {
      // A report being rewritten (or a wrong file) is the operator's problem, not the client's: 503, and the client may retry.
      return reply.status(503).send({ error: 'The census report is not readable JSON', code: 'unavailable' });
    }
  });
}
