import type { ColumnType, Generated } from 'kysely';
import type { VerificationState } from '../domain/verification-state.js';

export interface FollowsTable {
  id: Generated<number>;
  account_id: number;
  target_account_id: number;
  created_at: string;
  /** 0/1: a `status` notification when the followed account posts (Mastodon's `notify`). */
  notify: Generated<number>;
  /** 0/1: their reblogs reach the follower's home (Mastodon's `reblogs`). */
  show_reblogs: Generated<number>;
  /** Only statuses in these languages reach the follower's home: a JSON array of ISO 639 codes, or null for all. */
  languages: string | null;
  /** The Follow activity's id (for Accept and Undo), when a remote server sent it or it was sent to one. */
  uri: string | null;
  /** 0/1: the follower is an account of another server (set on insert from its domain, which never changes; index follows_remote_target). */
  remote: Generated<number>;
}

/** A follow of a locked account awaiting its decision: not a follow until authorized. */
export interface FollowRequestsTable {
  id: Generated<number>;
  /** Who asks to follow. */
  account_id: number;
  /** The locked account asked. */
  target_account_id: number;
  created_at: string;
  /** The follow options asked for (FollowsTable's), given to the follow once authorized. */
  notify: Generated<number>;
  show_reblogs: Generated<number>;
  languages: string | null;
  /** The Follow activity's id (for Accept and Undo), when a remote server sent it or it was sent to one. */
  uri: string | null;
}

export interface FavouritesTable {
  id: Generated<number>;
  account_id: number;
  status_id: number;
  created_at: string;
}

export const NOTIFICATION_TYPES = [
  'mention',
  'reply',
  'follow',
  'follow_request',
  'favourite',
  'reblog',
  'status',
  'gov.request',
  'gov.request_update',
  'gov.verification',
  /** A reviewer approved or rejected one's verification application (src/verification/decide.ts). */
  'gov.verification_decision',
  /** A poll one wrote or voted in has ended (src/polls/poll-expiry.ts). */
  'poll',
  /** A status one reblogged was edited (src/statuses/edit-status.ts). */
  'update',
  'moderation_warning',
  'admin.report',
  /** One's status was quoted (src/quotes/). */
  'quote',
  /** A status one quoted was edited (src/statuses/edit-status.ts). */
  'quoted_update',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationsTable {
  id: Generated<number>;
  /** Who is notified. */
  account_id: number;
  /** Whose act it was. */
  from_account_id: number;
  type: NotificationType;
  status_id: number | null;
  request_id: number | null;
  /** The account warning a `moderation_warning` tells of. */
  account_warning_id: number | null;
  /** The report an `admin.report` tells moderators of. */
  report_id: number | null;
  /** The step a `gov.request_update` tells of (accepted, responded, resolved, rated). */
  request_step: ColumnType<string | null, string | null | undefined, string | null>;
  /** The application a `gov.verification_decision` tells its applicant about. */
  verification_id: Generated<number | null>;
  /** The state that decision led to (the application may have moved on since). */
  verification_state: Generated<VerificationState | null>;
  created_at: string;
  dismissed_at: string | null;
}
