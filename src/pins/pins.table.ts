import type { Generated } from 'kysely';

/** A status its author shows first on the profile (Mastodon's StatusPin). */
export interface StatusPinsTable {
  id: Generated<number>;
  account_id: number;
  status_id: number;
  /** The staff operator who pinned it for an organ; null when the account holder did. */
  operator_id: number | null;
  created_at: string;
}
