import type { Generated } from 'kysely';

export const REPORT_CATEGORIES = ['spam', 'legal', 'violation', 'other'] as const;
/** Why a report was filed, as Mastodon's Report#category. */
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** A report of an account (and some of its statuses) to the provider's moderators. */
export interface ReportsTable {
  id: Generated<number>;
  /** Who reported: never shown to the reported account. */
  account_id: number;
  target_account_id: number;
  /** JSON array of status ids (numbers), the target's own. */
  status_ids: string;
  /** JSON array of the instance's rule ids (1-based, as /api/v1/instance/rules numbers them); null when none is cited. */
  rule_ids: string | null;
  comment: string;
  category: ReportCategory;
  /** 0/1: sent on to the target's own server (never, while every account is local). */
  forwarded: number;
  /** The moderator handling it. */
  assigned_account_id: number | null;
  /** When it was resolved; null while it waits in the queue. */
  action_taken_at: string | null;
  action_taken_by_account_id: number | null;
  created_at: string;
  updated_at: string;
}

export const ACCOUNT_ACTIONS = ['none', 'disable', 'sensitive', 'silence', 'suspend'] as const;
/** What POST /api/v1/admin/accounts/:id/action does (Mastodon's Admin::AccountAction::TYPES). */
export type AccountActionType = (typeof ACCOUNT_ACTIONS)[number];

/** A strike against an account: what a moderator did and the text they wrote to it (Mastodon's AccountWarning). */
export interface AccountWarningsTable {
  id: Generated<number>;
  /** The moderator: never shown to the target. */
  account_id: number;
  target_account_id: number;
  action: AccountActionType;
  text: string;
  report_id: number | null;
  /** JSON array of status ids: those of the report acted on. */
  status_ids: string;
  created_at: string;
}
