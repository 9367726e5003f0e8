import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type SenderFacts, policyAction } from './notification-policy.js';

const stranger: SenderFacts = { recipientFollowsSender: false, senderFollowsRecipient: false, senderIsNew: true, privateMention: true, limited: false, exempt: false, serviceMessage: false };

describe('what a notification policy lets through', () => {
  it('the default holds nothing back', () => {
    expect(policyAction(DEFAULT_POLICY, 'mention', stranger)).toBe('accept');
  });
  it('the strictest condition that applies wins; a followed sender escapes the not-following and private-mention conditions', () => {
    const p = { ...DEFAULT_POLICY, for_not_following: 'filter' as const, for_new_accounts: 'drop' as const };
    expect(policyAction(p, 'favourite', stranger)).toBe('drop');
    expect(policyAction(p, 'favourite', { ...stranger, senderIsNew: false })).toBe('filter');
    expect(policyAction(p, 'favourite', { ...stranger, senderIsNew: false, recipientFollowsSender: true })).toBe('accept');
    const dm = { ...DEFAULT_POLICY, for_private_mentions: 'filter' as const };
    expect(policyAction(dm, 'mention', { ...stranger, recipientFollowsSender: true })).toBe('accept');
    expect(policyAction(dm, 'mention', stranger)).toBe('filter');
  });
  it('never held back: follow requests, service-request and verification steps, staff, senders accepted before', () => {
    const strict = { for_not_following: 'drop', for_not_followers: 'drop', for_new_accounts: 'drop', for_private_mentions: 'drop', for_limited_accounts: 'drop' } as const;
    expect(policyAction(strict, 'follow_request', stranger)).toBe('accept');
    expect(policyAction(strict, 'gov.request', stranger)).toBe('accept');
    expect(policyAction(strict, 'mention', { ...stranger, serviceMessage: true })).toBe('accept');
    expect(policyAction(strict, 'mention', { ...stranger, exempt: true })).toBe('accept');
    expect(policyAction(strict, 'mention', stranger)).toBe('drop');
  });
});
