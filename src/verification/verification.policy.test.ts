import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayFileTo, mayTakeRequestAction } from '../requests/requests.policy.js';
import type { RequestRow } from '../requests/requests.repository.js';
import { hasInvisibleControls } from '../domain/invisible.js';
import { isOwnApplication, mayDecide, mayListAll, mayReadEvidence, mayUndo, mayView } from './verification.policy.js';
import { verifiedNameProblem } from './apply.js';
import { approvedDisplayName } from './decide.js';
import type { VerificationRow } from './verifications.repository.js';

const account = (id: number, role: AccountRow['role'] = 'user') => ({ id, role }) as AccountRow;
const application = (accountId: number) => ({ account_id: accountId, organ_account_id: null }) as unknown as VerificationRow;

describe('verification policy (pure): who may not', () => {
  it('no one but the applicant account and a reviewer reading with admin:read:accounts may read evidence files', () => {
    const reviewer = account(1, 'reviewer');
    expect(mayReadEvidence({ account: account(3), scopes: ['read', 'admin:read'] }, application(2))).toBe(false);
    expect(mayReadEvidence({ account: reviewer, scopes: ['read', 'write'] }, application(2))).toBe(false);
    expect(mayReadEvidence({ account: account(5, 'admin'), scopes: ['admin:read:accounts'] }, application(2))).toBe(true);
    expect(mayReadEvidence({ account: reviewer, scopes: ['admin:read'] }, application(2))).toBe(true);
    expect(mayReadEvidence({ account: account(2), scopes: ['read'] }, application(2))).toBe(true);
  });

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

  it('only the reviewer who decided may undo, and only within ten minutes: not another reviewer, not a citizen, not later', () => {
    const decidedAt = '2026-12-04T08:00:00.000Z';
    const decided = { reviewer_id: 1, decided_at: decidedAt };
    const at = (minutes: number) => new Date(Date.parse(decidedAt) + minutes * 60_000);
    expect(mayUndo(account(1, 'reviewer'), decided, at(9.9))).toBe(true);
    expect(mayUndo(account(1, 'admin'), decided, at(10))).toBe(true);
    expect(mayUndo(account(2, 'reviewer'), decided, at(1))).toBe(false);
    expect(mayUndo(account(2, 'admin'), decided, at(1))).toBe(false);
    // A former reviewer, demoted since, no longer decides anything.
    expect(mayUndo(account(1, 'user'), decided, at(1))).toBe(false);
    expect(mayUndo(account(1, 'reviewer'), decided, at(10.01))).toBe(false);
    expect(mayUndo(account(1, 'reviewer'), { reviewer_id: null, decided_at: null }, at(1))).toBe(false);
  });

  it('refuses verified names that are blank, too long, or carry control or invisible characters', () => {
    expect(verifiedNameProblem('济南公安')).toBeNull();
    expect(verifiedNameProblem('  济南市公安局  ')).toBeNull();
    expect(verifiedNameProblem('公'.repeat(30))).toBeNull();
    expect(verifiedNameProblem('   ')).toMatch(/blank/);
    expect(verifiedNameProblem('公'.repeat(31))).toMatch(/too long/);
    expect(verifiedNameProblem('济南\u0007公安')).toMatch(/control/);
    expect(verifiedNameProblem('济南\n公安')).toMatch(/control/);
    expect(verifiedNameProblem('济南\u200b公安')).toMatch(/control/);
  });

  it("gives the reviewer's name, else the one applied for, else an organ's own name to a nameless account", () => {
    const organ = { kind: 'institutional', organ_name: '济南市公安局', account_name: '济南公安' } as const;
    expect(approvedDisplayName(organ, '', ' 泉城公安 ')).toBe('泉城公安');
    expect(approvedDisplayName(organ, '', undefined)).toBe('济南公安');
    expect(approvedDisplayName({ ...organ, account_name: null }, '', undefined)).toBe('济南市公安局');
    expect(approvedDisplayName({ ...organ, account_name: null }, '平安济南', undefined)).toBeNull();
    expect(approvedDisplayName({ ...organ, kind: 'individual', account_name: null }, '', undefined)).toBeNull();
    expect(() => approvedDisplayName(organ, '', '')).toThrow();
  });
});
