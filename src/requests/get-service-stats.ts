import type { Context } from '../app/context.js';
import { requireOrgan } from '../operators/standing.js';
import { serviceRowsOf } from './requests.repository.js';
import { type ServiceStats, computeServiceStats } from './service-stats.js';

/**
 * GET /api/v1/gov/accounts/:id/service_stats: an organ's public service
 * record. Counts private requests too (their numbers, never their content).
 */
export async function getServiceStats(ctx: Context, organId: number): Promise<ServiceStats> {
  await requireOrgan(ctx.db, organId);
  return computeServiceStats(await serviceRowsOf(ctx.db, organId));
}
