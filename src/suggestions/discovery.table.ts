import type { Generated } from 'kysely';

/** A private note an account keeps on another (Mastodon's account note): only its writer sees it. */
export interface AccountNotesTable {
  id: Generated<number>;
  account_id: number;
  target_account_id: number;
  comment: string;
  created_at: string;
  updated_at: string;
}

/** An account endorsed by another (Mastodon's account pin): featured on the endorser's profile. */
export interface AccountPinsTable {
  id: Generated<number>;
  account_id: number;
  target_account_id: number;
  created_at: string;
}

/** A suggestion the account asked never to see again (DELETE /api/v1/suggestions/:id). */
export interface SuggestionDismissalsTable {
  id: Generated<number>;
  account_id: number;
  target_account_id: number;
  created_at: string;
}
