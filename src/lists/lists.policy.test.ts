import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { ListRow } from './lists.repository.js';
import { mayAddToList, mayManageList } from './lists.policy.js';

const list = { id: 1, account_id: 7 } as ListRow;
const account = (id: number) => ({ id }) as AccountRow;

describe('who may manage a list', () => {
  it('not the public, not another account', () => {
    expect(mayManageList(null, list)).toBe(false);
    expect(mayManageList(account(8), list)).toBe(false);
    expect(mayManageList(account(7), list)).toBe(true);
  });
});

describe('who may be added to a list', () => {
  it('not an account the owner does not follow, not the owner', () => {
    expect(mayAddToList(1, 2, false)).toBe(false);
    expect(mayAddToList(1, 1, true)).toBe(false);
    expect(mayAddToList(1, 2, true)).toBe(true);
  });
});
