import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayFileTo, mayTakeRequestAction } from '../requests/requests.policy.js';
import type { RequestRow } from '../requests/requests.repository.js';
import { hasInvisibleControls } from '../domain/invisible.js';
import { isOwnApplication, mayDecide, mayListAll, mayView } from './verification.policy.js';
import type { VerificationRow } from './verifications.repository.js';

const account = (id: number, role: AccountRow['role'] = 'user') => ({ id, role }) as AccountRow;
const application = (accountId: number) => ({ account_id: accountId, organ_account_id: null }) as unknown as VerificationRow;

describe('verification policy (pure): who may not', () => {
  it('a reviewer may not decide their own application, nor one of an organ they operate', () => {
    const reviewer = account(1, 'reviewer');
    expect(mayDecide(reviewer, application(2), false)).toBe(true);
    expect(mayDecide(reviewer, application(1), false)).toBe(false);
    expect(mayDecide(reviewer, application(2), true)).toBe(false);
    expect(mayDecide(account(3), application(2), false)).toBe(false);
  });

  it("a reviewer without admin:read may not list or view others' applications; the applicant views their own", () => {
    const reviewer = account(1, 'reviewer');
    expect(mayListAll(reviewer, false)).toBe(false);
    expect(mayListAll(account(3), true)).toBe(false);
    expect(mayListAll(reviewer, true)).toBe(true);
    expect(mayView(reviewer, application(2), false)).toBe(false);
    expect(mayView(reviewer, application(1), false)).toBe(true);
    expect(mayView(null, application(2), true)).toBe(false);
  });

  it('nobody vouches for their own application, directly or behind an operator token', () => {
    expect(isOwnApplication({ account: account(2), operator: null }, application(2))).toBe(true);
    expect(isOwnApplication({ account: account(9), operator: account(2) }, application(2))).toBe(true);
    expect(isOwnApplication({ account: account(9), operator: account(3) }, application(2))).toBe(false);
  });

  it("the organ's side, present or past, may not file to it nor rate it", () => {
    const row = { citizen_account_id: 2, organ_account_id: 9 } as unknown as RequestRow;
    const asker = { account: account(2), operator: null };
    expect(mayFileTo(true)).toBe(false);
    expect(mayFileTo(false)).toBe(true);
    expect(mayTakeRequestAction(asker, row, 'rate', false, true)).toBe(false);
    expect(mayTakeRequestAction(asker, row, 'rate', true, false)).toBe(false);
    expect(mayTakeRequestAction(asker, row, 'rate', false, false)).toBe(true);
  });

  it('finds zero-width and bidi controls, not ordinary Chinese text', () => {
    for (const c of [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2060, 0x2066, 0x2069, 0xfeff]) expect(hasInvisibleControls(`北京${String.fromCodePoint(c)}市`)).toBe(true);
    expect(hasInvisibleControls('北京市公安局·交管局（2012）')).toBe(false);
  });
});
