import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { Role } from '../accounts/accounts.table.js';
import type { Caller } from '../operators/operators.policy.js';
import { mayDeleteAccount, mayReadAdminAccounts, mayReviewSignUp, mayTakeAction, mayUndo } from './admin-accounts.policy.js';
import { ACCOUNT_ACTIONS } from './moderation.table.js';
import { isModerator, mayFileReport, mayHandleReport, mayReadReport } from './reports.policy.js';

let next = 1;
function account(role: Role = 'user', patch: Partial<AccountRow> = {}): AccountRow {
  const id = next++;
  return {
    id,
    username: `a${id}`,
    username_key: `a${id}`,
    display_name: '',
    note: '',
    email: null,
    password_hash: null,
    role,
    locale: 'zh-CN',
    discoverable: 0,
    locked: 0,
    bot: 0,
    followers_count: 0,
    following_count: 0,
    statuses_count: 0,
    muted_conversations: 0,
    filters_count: 0,
    default_privacy: 'public',
    default_sensitive: 0,
    default_language: null,
    last_status_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    fields: '[]',
    closed_at: null,
    avatar_key: null,
    avatar_static_key: null,
    header_key: null,
    header_static_key: null,
    suspended_at: null,
    silenced_at: null,
    sensitized_at: null,
    disabled_at: null,
    deleted_at: null,
    domain: null,
    uri: null,
    url: null,
    inbox_url: null,
    shared_inbox_url: null,
    followers_url: null,
    featured_url: null,
    actor_type: null,
    remote_gov: null,
    avatar_remote_url: null,
    header_remote_url: null,
    fetched_at: null,
    ...patch,
  };
}
const as = (a: AccountRow, operator: AccountRow | null = null): Caller => ({ account: a, operator });

describe('reports policy: who may not', () => {
  const citizen = account();
  const reviewer = account('reviewer');
  const admin = account('admin');
  const organ = account();
  const staff = account('reviewer');
  const report = { target_account_id: organ.id };

  it('keeps the queue from citizens, organs, and a reviewer acting through an operator token', () => {
    expect(isModerator(as(citizen))).toBe(false);
    expect(isModerator(as(organ))).toBe(false);
    expect(isModerator(as(organ, staff))).toBe(false);
    expect(mayReadReport(as(organ), report, false)).toBe(false);
    expect(mayReadReport(as(citizen), report, false)).toBe(false);
    expect(mayReadReport(as(reviewer), report, false)).toBe(true);
    expect(mayReadReport(as(admin), report, false)).toBe(true);
  });

  it('keeps a report from the moderator it concerns: about them, or an organ they operate', () => {
    expect(mayReadReport(as(staff), report, true)).toBe(false);
    expect(mayHandleReport(as(staff), report, true)).toBe(false);
    expect(mayReadReport(as(reviewer), { target_account_id: reviewer.id }, false)).toBe(false);
    expect(mayHandleReport(as(admin), { target_account_id: admin.id }, false)).toBe(false);
  });

  it('refuses a report of oneself, an organ reporting itself through its operator included', () => {
    expect(mayFileReport(as(citizen), citizen)).toBe(false);
    expect(mayFileReport(as(organ, staff), organ)).toBe(false);
    expect(mayFileReport(as(organ, staff), staff)).toBe(false);
    expect(mayFileReport(as(citizen), organ)).toBe(true);
  });
});

describe('admin accounts policy: who may not', () => {
  const citizen = account();
  const reviewer = account('reviewer');
  const admin = account('admin');

  it('lets a reviewer who is not an admin warn and mark sensitive only', () => {
    for (const type of ACCOUNT_ACTIONS) {
      expect(mayTakeAction(as(reviewer), citizen, type, false), type).toBe(type === 'none' || type === 'sensitive');
      expect(mayTakeAction(as(admin), citizen, type, false), type).toBe(true);
    }
    expect(mayUndo(as(reviewer), citizen, 'unsensitive', false)).toBe(true);
    for (const undo of ['unsilence', 'enable'] as const) expect(mayUndo(as(reviewer), citizen, undo, false), undo).toBe(false);
    const suspended = account('user', { suspended_at: '2026-01-02T00:00:00.000Z', closed_at: '2026-01-02T00:00:00.000Z' });
    expect(mayUndo(as(reviewer), suspended, 'unsuspend', false)).toBe(false);
    expect(mayDeleteAccount(as(reviewer), suspended, false)).toBe(false);
    expect(mayUndo(as(admin), suspended, 'unsuspend', false)).toBe(true);
    expect(mayDeleteAccount(as(admin), suspended, false)).toBe(true);
  });

  it('refuses citizens, acts through operator tokens, acts on oneself, on equals or superiors, and on organs one operates', () => {
    expect(mayReadAdminAccounts(as(citizen))).toBe(false);
    expect(mayReadAdminAccounts(as(citizen, admin))).toBe(false);
    expect(mayTakeAction(as(citizen), account(), 'none', false)).toBe(false);
    expect(mayTakeAction(as(citizen, admin), account(), 'suspend', false)).toBe(false);
    expect(mayTakeAction(as(admin), admin, 'none', false)).toBe(false);
    expect(mayTakeAction(as(admin), account('admin'), 'suspend', false)).toBe(false);
    expect(mayTakeAction(as(reviewer), account('reviewer'), 'none', false)).toBe(false);
    expect(mayTakeAction(as(reviewer), admin, 'none', false)).toBe(false);
    expect(mayTakeAction(as(admin), account('reviewer'), 'suspend', false)).toBe(true);
    expect(mayTakeAction(as(admin), citizen, 'suspend', true)).toBe(false);
  });

  it('deletes only a suspended account not yet deleted, and unsuspends only a suspension not made final', () => {
    expect(mayDeleteAccount(as(admin), citizen, false)).toBe(false);
    const deleted = account('user', { suspended_at: '2026-01-02T00:00:00.000Z', deleted_at: '2026-01-03T00:00:00.000Z' });
    expect(mayDeleteAccount(as(admin), deleted, false)).toBe(false);
    expect(mayUndo(as(admin), deleted, 'unsuspend', false)).toBe(false);
    expect(mayUndo(as(admin), citizen, 'unsuspend', false)).toBe(false);
  });

  it('approves or rejects no sign-up that is not pending, and only an admin one that is', () => {
    expect(mayReviewSignUp(as(admin), citizen, false)).toBe(false);
    expect(mayReviewSignUp(as(reviewer), citizen, true)).toBe(false);
    expect(mayReviewSignUp(as(admin), citizen, true)).toBe(true);
  });
});
