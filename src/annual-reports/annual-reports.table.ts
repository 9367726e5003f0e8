import type { Generated } from 'kysely';

/** An account's report on one year of its activity (Mastodon's GeneratedAnnualReport). */
export interface AnnualReportsTable {
  id: Generated<number>;
  account_id: number;
  year: number;
  schema_version: number;
  /** JSON text of the report; null while the job that generates it has not run. */
  data: string | null;
  /** Names the report in a share link. */
  share_key: string;
  /** When the account read it (POST …/read); unread reports are the ones listed. */
  viewed_at: string | null;
  created_at: string;
}
