import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Context } from '../app/context.js';
import type { AnnualReportsJson } from '../http/schemas/annual-reports.js';
import { presentStatuses } from '../statuses/hydrate.js';
import { findStatuses } from '../statuses/statuses.repository.js';
import { visibleTo } from '../statuses/visibility.js';
import type { AnnualReportRow } from './annual-reports.repository.js';

/**
 * Mastodon's wrapper of annual reports: the reports, and the statuses they
 * name (their top statuses) presented for the reader, as the viewer may see
 * them now. `accounts` stays empty: the schema-2 keys name no account.
 */
export async function presentAnnualReports(ctx: Context, viewer: AccountRow, rows: readonly AnnualReportRow[]): Promise<AnnualReportsJson> {
  const reports = rows.map((r) => ({
    year: Number(r.year),
    data: JSON.parse(r.data ?? 'null') as Record<string, unknown>,
    schema_version: Number(r.schema_version),
    share_url: null,
    account_id: String(r.account_id),
  }));
  const ids = new Set<number>();
  for (const r of reports) {
    const top = (r.data.top_statuses ?? {}) as Record<string, string | null>;
    for (const id of Object.values(top)) if (id) ids.add(Number(id));
  }
  const rowsOf = ids.size ? await visibleTo(ctx.db, viewer, await findStatuses(ctx.db, [...ids])) : [];
  return { annual_reports: reports, accounts: [], statuses: await presentStatuses(ctx, viewer, rowsOf) };
}
