import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayManageSignUpBlocks } from './sign-up-blocks.policy.js';

const as = (role: AccountRow['role']) => ({ id: 1, role }) as AccountRow;

describe('who may manage sign-up blocks', () => {
  it('refuses anonymous callers, citizens and reviewers', () => {
    expect(mayManageSignUpBlocks(null)).toBe(false);
    expect(mayManageSignUpBlocks(undefined)).toBe(false);
    expect(mayManageSignUpBlocks(as('user'))).toBe(false);
    expect(mayManageSignUpBlocks(as('reviewer'))).toBe(false);
  });

  it('lets admins', () => {
    expect(mayManageSignUpBlocks(as('admin'))).toBe(true);
  });
});
