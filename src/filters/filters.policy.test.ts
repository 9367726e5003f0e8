import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { FilterRow } from './filters.repository.js';
import { mayManageFilter } from './filters.policy.js';

describe('who may manage a filter', () => {
  it('not the public, not another account', () => {
    const filter = { id: 1, account_id: 3 } as FilterRow;
    expect(mayManageFilter(null, filter)).toBe(false);
    expect(mayManageFilter({ id: 4 } as AccountRow, filter)).toBe(false);
    expect(mayManageFilter({ id: 3 } as AccountRow, filter)).toBe(true);
  });
});
