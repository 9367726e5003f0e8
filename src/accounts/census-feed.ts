import type { Context } from '../app/context.js';
import { serviceStatsOf } from '../requests/service-stats.repository.js';
import { type GovDirectoryQuery, listGovDirectory } from './directory.repository.js';

/**
 * GET /api/v1/gov/directory: one page of the census feed, ascending by id,
 * with the service record of each institution on it (one query for the page).
 */
export async function censusFeedPage(ctx: Context, query: GovDirectoryQuery) {
  const rows = await listGovDirectory(ctx.db, query);
  const service = await serviceStatsOf(
    ctx.db,
    rows.filter((r) => r.kind === 'institutional').map((r) => Number(r.id)),
  );
  return { rows, service };
}
