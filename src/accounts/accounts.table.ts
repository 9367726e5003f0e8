import type { Generated } from 'kysely';

export const ROLES = ['user', 'reviewer', 'admin'] as const;
/** What an account may do on the provider beyond its own content. */
export type Role = (typeof ROLES)[number];

export const ACTOR_TYPES = ['Person', 'Organization', 'Service', 'Application', 'Group'] as const;
/** The ActivityPub actor type of a remote account. */
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * An account of this provider (`domain` null) or of another server (ActivityPub).
 * Remote accounts never sign in, hold tokens, edit their profile, or appear in the
 * directory or the census feed: the census counts each account at its home provider.
 */
export interface AccountsTable {
  id: Generated<number>;
  /** As written by its home server (remote) or at sign-up (local). */
  username: string;
  /**
   * Lower-cased `username` for a local account, lower-cased `username@domain` for a remote one:
   * one unique index keeps usernames unique per domain, and a lookup by a bare name
   * (sign-in, mentions, `/@name`) can only ever find a local account.
   */
  username_key: string;
  /** null for a local account; else the remote host as in its acct (lower-case, `host` or `host:port`). */
  domain: string | null;
  /** The ActivityPub actor id (remote only; unique). */
  uri: string | null;
  /** The remote profile page (remote only). */
  url: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  followers_url: string | null;
  featured_url: string | null;
  actor_type: ActorType | null;
  /** JSON text (RemoteGov, accounts.repository.ts): the government profile as its home provider states it, and which provider verified it. */
  remote_gov: string | null;
  avatar_remote_url: string | null;
  header_remote_url: string | null;
  /** When the remote actor was last fetched or updated from its server. */
  fetched_at: string | null;
  display_name: string;
  note: string;
  /** Lower-cased; null for accounts made by an administrator without one. */
  email: string | null;
  /** `scrypt$N$r$p$salt$hash`; null when the account cannot sign in with a password. */
  password_hash: string | null;
  role: Role;
  locale: string;
  /** 0/1: listed in the public directory even when not a verified government account. */
  discoverable: number;
  /** 0/1 */
  locked: number;
  /** 0/1: a bot account, as Mastodon marks them. */
  bot: number;
  followers_count: Generated<number>;
  following_count: Generated<number>;
  statuses_count: Generated<number>;
  last_status_at: string | null;
  created_at: string;
  updated_at: string;
  /** Profile fields (update_credentials' fields_attributes): a JSON array of {name, value}, at most 4. */
  fields: Generated<string>;
  /** When the account was closed (deleted or suspended); null while open. */
  closed_at: string | null;
  /** Media store keys of the uploaded avatar and header (the static ones: a still of an animated GIF, else the same key); null: the default picture. */
  avatar_key: string | null;
  avatar_static_key: string | null;
  header_key: string | null;
  header_static_key: string | null;
  /** Threads the account muted (statuses/conversation-mutes): with none, pages skip looking mutes up. */
  muted_conversations: Generated<number>;
  /** Moderation (src/moderation/): when each standing began; null when the account is not in it. A suspension also closes the account (`closed_at`). */
  suspended_at: string | null;
  /** Silenced (Mastodon's `limited`): its posts leave the public and hashtag timelines (for everyone, as Mastodon's PublicFeed); followers still get them at home. */
  silenced_at: string | null;
  /** Its new media is marked sensitive whatever the poster says. */
  sensitized_at: string | null;
  /** Cannot sign in, and its tokens are refused, until enabled again. */
  disabled_at: string | null;
  /** When an admin deleted the suspended account's data: the suspension is then final. */
  deleted_at: string | null;
  /** Filters the account has (src/filters/): with none, pages and streams skip looking them up. */
  filters_count: Generated<number>;
  /** Posting preferences (source[privacy], source[sensitive], source[language]): the defaults of a new status. */
  default_privacy: Generated<'public' | 'unlisted' | 'private' | 'direct'>;
  /** 0/1 */
  default_sensitive: Generated<number>;
  default_language: string | null;
}
