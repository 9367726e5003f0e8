import type { Generated } from 'kysely';
import type { NotificationType } from '../social/social.table.js';

export const POLICY_ACTIONS = ['accept', 'filter', 'drop'] as const;
/** What a policy does with a notification its condition catches: let it through, hold it in a request, or discard it. */
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const POLICY_KEYS = ['for_not_following', 'for_not_followers', 'for_new_accounts', 'for_private_mentions', 'for_limited_accounts'] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

export type NotificationPoliciesTable = { account_id: number; updated_at: string } & Record<PolicyKey, PolicyAction>;

export interface NotificationPermissionsTable {
  id: Generated<number>;
  account_id: number;
  from_account_id: number;
  created_at: string;
}

/** The notifications one sender's acts gave an account that its policy held back (Mastodon's NotificationRequest). */
export interface NotificationRequestsTable {
  id: Generated<number>;
  account_id: number;
  from_account_id: number;
  last_status_id: number | null;
  notifications_count: number;
  created_at: string;
  updated_at: string;
}

/** A notification held back, as it would have been written to `notifications`. */
export interface FilteredNotificationsTable {
  id: Generated<number>;
  notification_request_id: number;
  account_id: number;
  from_account_id: number;
  type: NotificationType;
  status_id: number | null;
  request_id: number | null;
  created_at: string;
}
