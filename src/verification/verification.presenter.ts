import type { AccountJson } from '../accounts/accounts.presenter.js';
import type { EvidenceFile, Verification, VerificationDuplicate, Vouch } from '../http/schemas/gov.js';
import type { EvidenceFileRow } from './evidence.repository.js';
import type { VerificationDecision } from '../http/schemas/social.js';
import type { VerificationState } from '../domain/verification-state.js';
import { LIMITS } from '../domain/limits.js';
import { divisionName } from './divisions.js';
import type { Executor } from '../db/database.js';
import { type VerificationRow, findVerifications } from './verifications.repository.js';
import type { VouchRow } from './vouches.repository.js';

/** An organ's vouch for an official's application: which organ, and which of its operators (null: the organ itself). */
export function presentVouch(v: VouchRow): Vouch {
  return {
    organ_account_id: String(v.organ_account_id),
    operator_id: v.operator_id === null ? null : String(v.operator_id),
    created_at: v.created_at,
  };
}

/** The authenticated route an application's file is read at (the bearer token is needed: never a public media URL). */
export function applicationEvidenceUrl(publicUrl: string, verificationId: number | string, fileId: number | string): string {
  return `${publicUrl}/api/v1/gov/verifications/${verificationId}/evidence/${fileId}`;
}

/** Where an uploader reads back a file of its own, before an application carries it. */
export function uploadedEvidenceUrl(publicUrl: string, fileId: number | string): string {
  return `${publicUrl}/api/v1/gov/verifications/evidence/${fileId}`;
}

/** An evidence file as its uploader and the reviewers see it; `url` needs the bearer token. */
export function presentEvidenceFile(f: EvidenceFileRow, url: string): EvidenceFile {
  return { id: String(f.id), filename: f.filename, content_type: f.content_type, size: f.file_size, url };
}

/** The end of the time the deciding reviewer may undo an approval or rejection, or null when there is nothing to undo. */
export function undoUntil(v: Pick<VerificationRow, 'state' | 'decided_at' | 'decision_undo'>): string | null {
  if ((v.state !== 'approved' && v.state !== 'rejected') || v.decided_at === null || v.decision_undo === null) return null;
  return new Date(Date.parse(v.decided_at) + LIMITS.verificationUndoMinutes * 60_000).toISOString();
}

/**
 * An application as its applicant and the reviewers see it. `duplicates`
 * (other accounts verified under the same name or credit code) is for
 * reviewers only: the applicant is given an empty list. `evidenceFiles` are
 * for the applicant and the reviewers only: anyone else (an organ asked to
 * vouch) is given an empty list.
 */
export function presentVerification(
  v: VerificationRow,
  account: AccountJson | null,
  vouches: readonly VouchRow[] = [],
  flags: readonly string[] = [],
  duplicates: readonly VerificationDuplicate[] = [],
  evidenceFiles: readonly EvidenceFile[] = [],
): Verification {
  const division = divisionName(v.region_code);
  return {
    id: String(v.id),
    account_id: String(v.account_id),
    state: v.state,
    kind: v.kind,
    organ_name: v.organ_name,
    account_name: v.account_name,
    display_name: v.display_name,
    organ: v.organ,
    public_security: v.public_security === 1,
    level: v.level,
    region_code: v.region_code,
    division_name: division?.name ?? null,
    division_within: division?.within ?? null,
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
    undo_until: undoUntil(v),
    created_at: v.created_at,
    updated_at: v.updated_at,
    account,
    vouches: vouches.map(presentVouch),
    /** Warnings for the reviewer: `display_name_invisible_characters`. */
    flags: [...flags],
    duplicates: [...duplicates],
    evidence_files: [...evidenceFiles],
  };
}

/**
 * The decision a `gov.verification_decision` notification carries: the state
 * it led to (`toState`, as recorded with the notification) and, while the
 * application is still there, the reviewer's reason; a later decision's
 * reason belongs to that decision's own notification.
 */
export function presentVerificationDecision(v: VerificationRow, toState: VerificationState | null): VerificationDecision {
  const state = toState ?? v.state;
  return { id: String(v.id), state, organ_name: v.organ_name, display_name: state === 'approved' ? v.display_name : null, reason: state === v.state ? v.reason : null };
}

/** The applications notifications tell of, keyed by id, loaded in one query. */
export async function loadNotifiedVerifications(db: Executor, ids: readonly number[]): Promise<Map<number, VerificationRow>> {
  return new Map((await findVerifications(db, ids)).map((v) => [Number(v.id), v]));
}
