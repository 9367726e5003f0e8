import type { Generated } from 'kysely';

/**
 * One version of an edited status (Mastodon's StatusEdit): the first edit
 * also keeps the original, so the history reads from the status as posted.
 */
export interface StatusEditsTable {
  id: Generated<number>;
  status_id: number;
  /** The status's author (the organ, for an organ's post). */
  account_id: number;
  /** The staff operator who made this version for an organ; null otherwise. */
  operator_id: number | null;
  text: string;
  /** The text as safe HTML, rendered when this version was made. */
  content: string;
  spoiler_text: string;
  /** 0/1. */
  sensitive: number;
  /** JSON: the media attachments as presented when this version was made. */
  media: string;
  /** JSON array of the poll's option titles; null when this version had no poll. */
  poll_options: string | null;
  created_at: string;
}
