import type { Generated } from 'kysely';

/** An announcement admins write for everyone on the provider (Mastodon's announcements). */
export interface AnnouncementsTable {
  id: Generated<number>;
  /** As written; `content` is its safe HTML. */
  text: string;
  content: string;
  /** When the announced event starts and ends (shown, and the end hides it); null: no such time. */
  starts_at: string | null;
  ends_at: string | null;
  /** 0/1: the times are days, not moments. */
  all_day: number;
  /** When it was published; null for a draft. */
  published_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** An account dismissed (read) an announcement. */
export interface AnnouncementReadsTable {
  id: Generated<number>;
  announcement_id: number;
  account_id: number;
  created_at: string;
}

/** An account's reaction to an announcement: a unicode emoji or a custom emoji's shortcode. */
export interface AnnouncementReactionsTable {
  id: Generated<number>;
  announcement_id: number;
  account_id: number;
  name: string;
  created_at: string;
}
