import { describe, expect, it } from 'vitest';
import type { AccountRow } from '../accounts/accounts.repository.js';
import type { StatusRow } from '../statuses/statuses.repository.js';
import { mayPin, pinRefusal } from './pins.policy.js';

const account = (id: number) => ({ id }) as unknown as AccountRow;
const status = (over: Partial<StatusRow> = {}) => ({ id: 10, account_id: 1, reblog_of_id: null, visibility: 'public', ...over }) as StatusRow;

describe('pins policy', () => {
  it('refuses another account’s status, a boost, a direct message, and a sixth pin', () => {
    expect(pinRefusal(account(2), status(), 0)).toBe('ownership');
    expect(pinRefusal(account(1), status({ reblog_of_id: 9 }), 0)).toBe('reblog');
    expect(pinRefusal(account(1), status({ visibility: 'direct' }), 0)).toBe('direct');
    expect(pinRefusal(account(1), status(), 5)).toBe('limit');
    expect(mayPin(account(2), status(), 0)).toBe(false);
  });

  it('lets the author pin their public, unlisted and private statuses, up to five', () => {
    for (const visibility of ['public', 'unlisted', 'private'] as const) expect(mayPin(account(1), status({ visibility }), 4), visibility).toBe(true);
  });
});
