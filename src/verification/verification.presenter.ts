import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { Verification, Vouch } from '../http/schemas/gov.js';
import type { VerificationRow } from './verifications.repository.js';
import type { VouchRow } from './vouches.repository.js';

/** An organ's vouch for an official's application: which organ, and which of its operators (null: the organ itself). */
export function presentVouch(v: VouchRow): Vouch {
  return {
    organ_account_id: String(v.organ_account_id),
    operator_id: v.operator_id === null ? null : String(v.operator_id),
    created_at: v.created_at,
  };
}

/** An application as its applicant and the reviewers see it. */
export function presentVerification(v: VerificationRow, account: AccountJson | null, vouches: readonly VouchRow[] = [], flags: readonly string[] = []): Verification {
  return {
    id: String(v.id),
    account_id: String(v.account_id),
    state: v.state,
    kind: v.kind,
    organ_name: v.organ_name,
    organ: v.organ,
    public_security: v.public_security === 1,
    level: v.level,
    region_code: v.region_code,
    province: v.province,
    credit_code: v.credit_code,
    position: v.position,
    rank: v.rank,
    verification: v.verification_text,
    evidence: v.evidence,
    organ_account_id: v.organ_account_id === null ? null : String(v.organ_account_id),
    reason: v.reason,
    reviewer_id: v.reviewer_id === null ? null : String(v.reviewer_id),
    decided_at: v.decided_at,
    created_at: v.created_at,
    updated_at: v.updated_at,
    account,
    vouches: vouches.map(presentVouch),
    /** Warnings for the reviewer: `display_name_invisible_characters`. */
    flags: [...flags],
  };
}
