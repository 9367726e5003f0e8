import type { Kysely, Transaction } from 'kysely';
import type { AccountsTable } from '../accounts/accounts.table.js';
import type { AuditLogTable } from '../audit/audit.table.js';
import type { KnownDevicesTable, OAuthAppsTable, OAuthCodesTable, OAuthTokensTable } from '../oauth/oauth.table.js';
import type { GovProfilesTable, VerificationsTable } from '../verification/verification.table.js';
import type { AccountDailyStatsTable } from '../analytics/analytics.table.js';
import type { OperatorsTable, VouchesTable } from '../operators/operators.table.js';
import type { RequestEventsTable, ServiceRequestsTable } from '../requests/requests.table.js';
import type { FavouritesTable, FollowRequestsTable, FollowsTable, NotificationsTable } from '../social/social.table.js';
import type { MentionsTable, ScheduledStatusesTable, StatusTagsTable, StatusesTable, TagsTable } from '../statuses/statuses.table.js';
import type { MediaAttachmentsTable } from '../media/media.table.js';
import type { AccountConversationsTable, FeedsTable } from '../timelines/timelines.table.js';
import type { SearchAccountTermsTable, SearchAccountsTable, SearchStatusTermsTable, SearchStatusesTable } from '../search/search.table.js';
import type { JobsTable } from '../jobs/jobs.table.js';
import type { PushSubscriptionsTable, VapidKeysTable } from '../push/push.table.js';
import type { MarkersTable } from '../markers/markers.table.js';
import type { IdempotencyKeysTable } from '../idempotency/idempotency.table.js';
import type { AccountWarningsTable, ReportsTable } from '../moderation/moderation.table.js';

/** The whole schema, assembled from each feature's table types. */
export interface Database {
  accounts: AccountsTable;
  oauth_apps: OAuthAppsTable;
  oauth_tokens: OAuthTokensTable;
  oauth_codes: OAuthCodesTable;
  known_devices: KnownDevicesTable;
  verifications: VerificationsTable;
  gov_profiles: GovProfilesTable;
  audit_log: AuditLogTable;
  statuses: StatusesTable;
  mentions: MentionsTable;
  tags: TagsTable;
  status_tags: StatusTagsTable;
  scheduled_statuses: ScheduledStatusesTable;
  follows: FollowsTable;
  follow_requests: FollowRequestsTable;
  favourites: FavouritesTable;
  notifications: NotificationsTable;
  feeds: FeedsTable;
  account_conversations: AccountConversationsTable;
  operators: OperatorsTable;
  vouches: VouchesTable;
  service_requests: ServiceRequestsTable;
  request_events: RequestEventsTable;
  account_daily_stats: AccountDailyStatsTable;
  search_accounts: SearchAccountsTable;
  search_account_terms: SearchAccountTermsTable;
  search_statuses: SearchStatusesTable;
  search_status_terms: SearchStatusTermsTable;
  media_attachments: MediaAttachmentsTable;
  jobs: JobsTable;
  push_subscriptions: PushSubscriptionsTable;
  vapid_keys: VapidKeysTable;
  markers: MarkersTable;
  idempotency_keys: IdempotencyKeysTable;
  reports: ReportsTable;
  account_warnings: AccountWarningsTable;
}

export type DB = Kysely<Database>;
/** A database handle or an open transaction: repositories take either. */
export type Executor = Kysely<Database> | Transaction<Database>;
