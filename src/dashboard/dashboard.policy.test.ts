import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { mayViewDashboard } from './dashboard.policy.js';

describe('who may view the admin dashboard', () => {
  it('refuses anonymous callers, citizens and reviewers; lets admins', () => {
    expect(mayViewDashboard(null)).toBe(false);
    expect(mayViewDashboard({ role: 'user' } as AccountRow)).toBe(false);
    expect(mayViewDashboard({ role: 'reviewer' } as AccountRow)).toBe(false);
    expect(mayViewDashboard({ role: 'admin' } as AccountRow)).toBe(true);
  });
});
