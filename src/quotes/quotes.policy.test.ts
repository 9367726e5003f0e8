import { describe, expect, it } from 'vitest';
import { mayRevokeQuote, quotePolicyFor, storedQuotePolicy } from './quotes.policy.js';

const status = (over: Partial<Parameters<typeof quotePolicyFor>[0]> = {}) => ({ account_id: 1, visibility: 'public' as const, reblog_of_id: null, quote_approval_policy: 'public' as const, ...over });

describe('quotes.policy', () => {
  it('who may not quote: no viewer, a direct or private status, a reblog, nobody, followers for a non-follower', () => {
    expect(quotePolicyFor(status(), null, false)).toBe('denied');
    expect(quotePolicyFor(status({ visibility: 'direct' }), 2, true)).toBe('denied');
    expect(quotePolicyFor(status({ visibility: 'private' }), 2, true)).toBe('denied');
    expect(quotePolicyFor(status({ reblog_of_id: 9 }), 2, true)).toBe('denied');
    expect(quotePolicyFor(status({ quote_approval_policy: 'nobody' }), 2, true)).toBe('denied');
    expect(quotePolicyFor(status({ quote_approval_policy: 'followers' }), 2, false)).toBe('denied');
  });
  it('who may: the author always (but not of a direct status), anyone for public, a follower for followers', () => {
    expect(quotePolicyFor(status({ quote_approval_policy: 'nobody', visibility: 'private' }), 1, false)).toBe('automatic');
    expect(quotePolicyFor(status({ visibility: 'direct' }), 1, false)).toBe('denied');
    expect(quotePolicyFor(status(), 2, false)).toBe('automatic');
    expect(quotePolicyFor(status({ visibility: 'unlisted', quote_approval_policy: 'followers' }), 2, true)).toBe('automatic');
  });
  it('a status that is not public or unlisted is stored closed; only the quoted author revokes', () => {
    expect([storedQuotePolicy('private', 'public'), storedQuotePolicy('direct', 'followers'), storedQuotePolicy('unlisted', 'followers')]).toEqual(['nobody', 'nobody', 'followers']);
    expect(mayRevokeQuote(2, { quoted_account_id: 1 })).toBe(false);
    expect(mayRevokeQuote(1, { quoted_account_id: null })).toBe(false);
    expect(mayRevokeQuote(1, { quoted_account_id: 1 })).toBe(true);
  });
});
