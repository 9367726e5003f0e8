import type { Generated } from 'kysely';

/** Staff who run an organ's account. A row is live until removed_at is set. */
export interface OperatorsTable {
  id: Generated<number>;
  organ_account_id: number;
  operator_account_id: number;
  added_by: number;
  created_at: string;
  removed_at: string | null;
}

/** An organ's operator vouching that an official's application is genuine. */
export interface VouchesTable {
  id: Generated<number>;
  verification_id: number;
  organ_account_id: number;
  operator_id: number | null;
  created_at: string;
}
