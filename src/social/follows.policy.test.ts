import { describe, expect, it } from 'vitest';
import { FOLLOW_LIMIT, followLimitFor, followNeedsApproval, mayFollowMore } from './follows.policy.js';

describe('follow limit (Mastodon FollowLimitValidator)', () => {
  it('does not let an account with few followers follow a 7,501st account', () => {
    expect(mayFollowMore(FOLLOW_LIMIT, 0)).toBe(false);
    expect(mayFollowMore(FOLLOW_LIMIT, 6_000)).toBe(false);
    expect(mayFollowMore(FOLLOW_LIMIT + 100, 1_000)).toBe(false);
  });

  it('does not let an account past 7,500 follow more than 1.1 times its followers', () => {
    expect(followLimitFor(8_000, 10_000)).toBe(11_000);
    expect(mayFollowMore(11_000, 10_000)).toBe(false);
    expect(mayFollowMore(10_999, 10_000)).toBe(true);
  });

  it('lets anyone follow up to 7,500', () => {
    expect(followLimitFor(0, 0)).toBe(FOLLOW_LIMIT);
    expect(mayFollowMore(FOLLOW_LIMIT - 1, 0)).toBe(true);
  });
});

describe('follow approval', () => {
  it('does not let a follow of a locked account through at once; an open one does', () => {
    expect(followNeedsApproval({ locked: 1 })).toBe(true);
    expect(followNeedsApproval({ locked: 0 })).toBe(false);
  });

  it('does not let a follow of another server\'s account through before its server accepts, locked or not', () => {
    expect(followNeedsApproval({ locked: 0, domain: 'other.example' })).toBe(true);
    expect(followNeedsApproval({ locked: 0, domain: null })).toBe(false);
  });
});
