import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayEdit } from './status.policy.js';
import type { StatusRow } from './statuses.repository.js';

const account = (id: number, role = 'user') => ({ id, role }) as unknown as AccountRow;
const status = (over: Partial<StatusRow> = {}) => ({ id: 1, account_id: 7, reblog_of_id: null, deleted_at: null, ...over }) as unknown as StatusRow;

describe('who may edit a status', () => {
  it('not another account, not even an admin or a moderator', () => {
    expect(mayEdit(account(8), status())).toBe(false);
    expect(mayEdit(account(8, 'admin'), status())).toBe(false);
    expect(mayEdit(account(8, 'reviewer'), status())).toBe(false);
  });
  it('not a reblog, not a deleted status, even one’s own', () => {
    expect(mayEdit(account(7), status({ reblog_of_id: 3 }))).toBe(false);
    expect(mayEdit(account(7), status({ deleted_at: '2012-12-01T00:00:00Z' }))).toBe(false);
  });
  it('the author (for an organ: the organ’s account, which its operators act as)', () => {
    expect(mayEdit(account(7), status())).toBe(true);
  });
});
