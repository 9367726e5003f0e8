import { z } from 'zod';
import { AccountSchema } from './accounts.js';
import { id, named } from './registry.js';
import { StatusSchema } from './statuses.js';

/** Mastodon's AnnualReport: `data` as its `schema_version` defines it (here 2, with govblog's `gov_service` beside). */
export const AnnualReportSchema = named(
  'AnnualReport',
  z.object({ year: z.number().int(), data: z.record(z.string(), z.unknown()), schema_version: z.number().int(), share_url: z.string().nullable(), account_id: id }),
);

/** Reports with the accounts and statuses they name, as Mastodon wraps them. */
export const AnnualReportsSchema = named('AnnualReports', z.object({ annual_reports: z.array(AnnualReportSchema), accounts: z.array(AccountSchema), statuses: z.array(StatusSchema) }));

export const AnnualReportStateSchema = named('AnnualReportState', z.object({ state: z.enum(['available', 'generating', 'eligible', 'ineligible']) }));

export type AnnualReportsJson = z.infer<typeof AnnualReportsSchema>;
