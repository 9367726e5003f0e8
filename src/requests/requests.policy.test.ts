import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Caller } from '../operators/operators.policy.js';
import { actsForOrgan } from '../operators/operators.policy.js';
import { mayAssignRequest, mayHoldRequest, maySeeOperators } from './requests.policy.js';
import type { RequestRow } from './requests.repository.js';

const account = (id: number, role: AccountRow['role'] = 'user') => ({ id, role }) as AccountRow;
const ORGAN = 1;
const request = { id: 10, organ_account_id: ORGAN, citizen_account_id: 7, visibility: 'private' } as RequestRow;
const organ: Caller = { account: account(ORGAN), operator: null };
const viaOperator: Caller = { account: account(ORGAN), operator: account(2) };
const staffSelf: Caller = { account: account(2), operator: null };
const removedStaff: Caller = { account: account(3), operator: null };
const citizen: Caller = { account: account(7), operator: null };
const otherOrgan: Caller = { account: account(4), operator: null };
const otherOperator: Caller = { account: account(4), operator: account(5) };
const reviewer: Caller = { account: account(6, 'reviewer'), operator: null, scopes: ['read', 'admin:read'] };

/** Whether each caller is on the request's organ side, as getRequest works it out: only staffSelf is a live operator. */
const organSide = (c: Caller) => actsForOrgan(c, ORGAN, c === staffSelf);

describe('request assignment policy (pure)', () => {
  it('refuses the citizen, another organ, its operator, a removed operator and reviewers; allows the organ side', () => {
    const callers = [citizen, otherOrgan, otherOperator, removedStaff, reviewer, organ, viaOperator, staffSelf];
    expect(callers.map((c) => mayAssignRequest(organSide(c)))).toEqual([false, false, false, false, false, true, true, true]);
  });

  it('lets only the organ account or a live operator hold a request', () => {
    expect(mayHoldRequest(ORGAN, request, false)).toBe(true);
    expect(mayHoldRequest(2, request, true)).toBe(true);
    // A removed operator, the citizen, another organ or its staff: not live operators of this organ.
    for (const id of [3, 7, 4, 5]) expect(mayHoldRequest(id, request, false), String(id)).toBe(false);
  });

  it('names staff in histories to the organ side and reviewers only', () => {
    expect([citizen, otherOrgan, otherOperator, removedStaff].map((c) => maySeeOperators(c, organSide(c)))).toEqual([false, false, false, false]);
    expect(maySeeOperators(null, false)).toBe(false);
    expect([organ, viaOperator, staffSelf, reviewer].map((c) => maySeeOperators(c, organSide(c)))).toEqual([true, true, true, true]);
  });
});
