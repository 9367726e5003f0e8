import type { Kysely, Transaction } from 'kysely';
import type { AccountsTable } from '../accounts/accounts.table.js';
import type { AuditLogTable } from '../audit/audit.table.js';
import type { OAuthAppsTable, OAuthCodesTable, OAuthTokensTable } from '../oauth/oauth.table.js';
import type { GovProfilesTable, VerificationsTable } from '../verification/verification.table.js';

/** The whole schema, assembled from each feature's table types. */
export interface Database {
  accounts: AccountsTable;
  oauth_apps: OAuthAppsTable;
  oauth_tokens: OAuthTokensTable;
  oauth_codes: OAuthCodesTable;
  verifications: VerificationsTable;
  gov_profiles: GovProfilesTable;
  audit_log: AuditLogTable;
}

export type DB = Kysely<Database>;
/** A database handle or an open transaction: repositories take either. */
export type Executor = Kysely<Database> | Transaction<Database>;
