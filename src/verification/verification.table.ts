import type { Generated } from 'kysely';
import type { AccountKind, Level, OrganKind, Rank } from '../domain/taxonomy.js';
import type { VerificationState } from '../domain/verification-state.js';

export interface VerificationsTable {
  id: Generated<number>;
  account_id: number;
  kind: AccountKind;
  organ_name: string;
  organ: OrganKind;
  /** 0/1 */
  public_security: number;
  level: Level;
  /** Six-digit GB/T 2260 code of the organ's region; null for national organs. */
  region_code: string | null;
  /** Two-digit province code derived from region_code. */
  province: string | null;
  /** Unified social credit code (institutions only), check character verified. */
  credit_code: string | null;
  position: string | null;
  rank: Rank | null;
  /** The text to show on the profile, e.g. 北京市公安局官方微博. */
  verification_text: string;
  evidence: string;
  /** For an individual: the verified organ account that employs them. */
  organ_account_id: number | null;
  state: VerificationState;
  /** The reviewer's reason for the last decision. */
  reason: string | null;
  reviewer_id: number | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
  /** The account name the applicant asks for (济南公安 beside 济南市公安局), or null. */
  account_name: Generated<string | null>;
  /** The display name the reviewer chose on approval; null before approval or when the name was left as it was. */
  display_name: Generated<string | null>;
  /** JSON `DecisionUndo`: what undoing the last decision restores; null when it cannot be undone. */
  decision_undo: Generated<string | null>;
}

/** One row per verified government account: what its `gov` object shows. */
export interface GovProfilesTable {
  account_id: number;
  verification_id: number;
  kind: AccountKind;
  organ: OrganKind;
  organ_name: string;
  public_security: number;
  level: Level;
  rank: Rank | null;
  province: string | null;
  region_code: string | null;
  position: string | null;
  verification: string;
  verified_at: string;
}
