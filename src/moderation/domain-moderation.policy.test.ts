import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayManageFederation } from './domain-moderation.policy.js';

const as = (role: AccountRow['role'], id = 1) => ({ id, role }) as AccountRow;

describe('who may manage domain blocks and allows', () => {
  it('refuses anonymous callers, citizens, reviewers and operators’ tokens (even an admin’s)', () => {
    expect(mayManageFederation(null)).toBe(false);
    expect(mayManageFederation(undefined)).toBe(false);
    expect(mayManageFederation({ account: as('user'), operator: null })).toBe(false);
    expect(mayManageFederation({ account: as('reviewer'), operator: null })).toBe(false);
    expect(mayManageFederation({ account: as('user', 2), operator: as('admin') })).toBe(false);
  });

  it('lets admins acting as themselves', () => {
    expect(mayManageFederation({ account: as('admin'), operator: null })).toBe(true);
  });
});
