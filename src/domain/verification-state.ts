/**
 * The life of a verification application: a reviewer approves or rejects a
 * pending one; an approved one may later be revoked. Nothing else moves.
 */
export const VERIFICATION_STATES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export type VerificationDecision = 'approve' | 'reject' | 'revoke';

const TRANSITIONS: Record<VerificationDecision, { from: VerificationState; to: VerificationState }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  revoke: { from: 'approved', to: 'revoked' },
};

/** The state a decision leads to, or null when the decision is not allowed from `state`. */
export function nextVerificationState(state: VerificationState, decision: VerificationDecision): VerificationState | null {
  const t = TRANSITIONS[decision];
  return t.from === state ? t.to : null;
}
