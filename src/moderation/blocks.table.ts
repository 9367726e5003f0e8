import type { Generated } from 'kysely';

/** An account blocks another (Mastodon's blocks): follows end both ways and neither reaches the other. */
export interface BlocksTable {
  id: Generated<number>;
  /** Who blocks. */
  account_id: number;
  /** Who is blocked. */
  target_account_id: number;
  created_at: string;
}

/** An account mutes another (Mastodon's mutes): its statuses leave the muter's timelines, and with `hide_notifications` its notifications too. */
export interface MutesTable {
  id: Generated<number>;
  account_id: number;
  target_account_id: number;
  /** 0/1 */
  hide_notifications: number;
  /** When the mute stops applying (ISO); null: never. */
  expires_at: string | null;
  created_at: string;
}

/** A domain a user blocks (Mastodon's account_domain_blocks), normalised. */
export interface AccountDomainBlocksTable {
  id: Generated<number>;
  account_id: number;
  domain: string;
  created_at: string;
}
