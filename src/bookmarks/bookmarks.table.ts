import type { Generated } from 'kysely';

/** A status a reader keeps for later (Mastodon's Bookmark): seen by that reader only. */
export interface BookmarksTable {
  id: Generated<number>;
  account_id: number;
  status_id: number;
  created_at: string;
}
