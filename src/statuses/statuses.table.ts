import type { Generated } from 'kysely';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
/** Who may see a status, as Mastodon defines it. */
export type Visibility = (typeof VISIBILITIES)[number];

export interface StatusesTable {
  id: Generated<number>;
  /** The author: for an organ's post, the organ's account. */
  account_id: number;
  /** The staff operator who wrote it for the organ; null when the account holder posted. */
  operator_id: number | null;
  /** The text as written. */
  text: string;
  /** The text as safe HTML: escaped, with mentions, hashtags and links made. */
  content: string;
  spoiler_text: string;
  visibility: Visibility;
  language: string | null;
  in_reply_to_id: number | null;
  in_reply_to_account_id: number | null;
  /** For a reblog: the status reblogged (text and content are empty). */
  reblog_of_id: number | null;
  /** The thread's root id: replies share it, direct conversations are grouped by it. */
  conversation_id: number | null;
  /** The app that posted it, as Mastodon shows `application`. */
  application_name: string | null;
  /** 0/1: written to every follower's home feed (0 for very large accounts, merged on read). */
  fanned_out: number;
  replies_count: Generated<number>;
  reblogs_count: Generated<number>;
  favourites_count: Generated<number>;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** 0/1: the poster marked its media sensitive (Mastodon's `sensitive`); a content warning makes it sensitive too. */
  sensitive: Generated<number>;
  /** The status's poll (src/polls/), if it has one. */
  poll_id: number | null;
  /** Trend review (Mastodon's `trendable`): null follows the author (src/trends/review.ts), 1 approved, 0 rejected. */
  trendable: number | null;
  /** Accepted quotes of it (src/quotes/). */
  quotes_count: Generated<number>;
  /** Who is approved automatically to quote it: 'public', 'followers' or 'nobody' (src/quotes/). */
  /** 1 when this status quotes another (its quote is in `quotes`). */
  quoting: Generated<number>;
  quote_approval_policy: Generated<QuoteApprovalPolicy>;
  /** The ActivityPub id of a remote status (unique); null for a local one (its id derives from the public URL). */
  uri: string | null;
  /** The remote status's web page; null for a local one. */
  url: string | null;
  /** A remote reply whose parent is not known here: the parent's ActivityPub id. */
  in_reply_to_uri: string | null;
}

export const QUOTE_APPROVAL_POLICIES = ['public', 'followers', 'nobody'] as const;
/** Mastodon's quote_approval_policy parameter. */
export type QuoteApprovalPolicy = (typeof QUOTE_APPROVAL_POLICIES)[number];

export interface MentionsTable {
  status_id: number;
  account_id: number;
}

export interface TagsTable {
  id: Generated<number>;
  /** Lower-cased for lookup; `display` keeps the first spelling seen. */
  name: string;
  display: string;
  /** Trend review: null follows the provider's default (`trendableByDefault`), 1 approved, 0 rejected. */
  trendable: number | null;
  /** When a reviewer last decided on it; null: it still requires review. */
  reviewed_at: string | null;
  /** Staff setting (PUT /api/v1/admin/tags/:id): 0: new posts do not link it; null or 1: they do. */
  usable: number | null;
  /** Staff setting: 0: left out of hashtag search; null or 1: listed. */
  listable: number | null;
}

export interface StatusTagsTable {
  status_id: number;
  tag_id: number;
}

export interface ScheduledStatusesTable {
  id: Generated<number>;
  account_id: number;
  operator_id: number | null;
  /** JSON of the status parameters to post at scheduled_at. */
  params: string;
  scheduled_at: string;
  created_at: string;
}
