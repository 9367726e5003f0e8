import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { actsForOrgan, isOrganItself, mayListOperators, mayManageOperators, mayTakeOperatorToken, maySeeOrganInternals, operatorIdFor } from './operators.policy.js';

const account = (id: number, role: AccountRow['role'] = 'user') => ({ id, role }) as AccountRow;
const ORGAN = 1;
const organ = { account: account(ORGAN), operator: null };
const viaOperator = { account: account(ORGAN), operator: account(2) };
const staffSelf = { account: account(2), operator: null };
const stranger = { account: account(3), operator: null };
const otherOperator = { account: account(4), operator: account(5) };
const reviewer = { account: account(6, 'reviewer'), operator: null, scopes: ['read', 'admin:read'] };

describe('operators policy (pure)', () => {
  it('only the organ acting directly manages operators', () => {
    expect([organ, viaOperator, staffSelf, stranger, otherOperator, reviewer].map((c) => mayManageOperators(c, ORGAN))).toEqual([true, false, false, false, false, false]);
    expect(isOrganItself(viaOperator, ORGAN)).toBe(false);
  });

  it('the organ, its operator token and a live operator personally act for it; a lapsed one does not', () => {
    expect(actsForOrgan(organ, ORGAN, false)).toBe(true);
    expect(actsForOrgan(viaOperator, ORGAN, false)).toBe(true);
    expect(actsForOrgan(staffSelf, ORGAN, true)).toBe(true);
    expect(actsForOrgan(staffSelf, ORGAN, false)).toBe(false);
    expect(actsForOrgan(otherOperator, ORGAN, true)).toBe(false);
  });

  it('records the staff member behind an act, null for the organ itself', () => {
    expect(operatorIdFor(organ, ORGAN)).toBeNull();
    expect(operatorIdFor(viaOperator, ORGAN)).toBe(2);
    expect(operatorIdFor(staffSelf, ORGAN)).toBe(2);
  });

  it('reviewers list operators and see internals; only a live operator signed in as themself takes a token', () => {
    expect(mayListOperators(reviewer, ORGAN, false)).toBe(true);
    // The role alone is not enough: a reviewer's token without admin:read reads as anybody's (as Mastodon's admin API).
    expect(mayListOperators({ ...reviewer, scopes: ['read', 'write'] }, ORGAN, false)).toBe(false);
    expect(maySeeOrganInternals({ ...reviewer, scopes: ['read'] }, ORGAN, false)).toBe(false);
    expect(maySeeOrganInternals(reviewer, ORGAN, false)).toBe(true);
    expect(mayListOperators(stranger, ORGAN, false)).toBe(false);
    expect(maySeeOrganInternals(null, ORGAN, false)).toBe(false);
    expect(mayTakeOperatorToken(staffSelf, true)).toBe(true);
    expect(mayTakeOperatorToken(viaOperator, true)).toBe(false);
    expect(mayTakeOperatorToken(organ, false)).toBe(false);
  });
});
