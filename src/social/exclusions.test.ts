import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../moderation/domain.js';
import { type Exclusions, NO_EXCLUSIONS, excludedAccountIds, excludesAccount, excludesStatus, mutes, silencesNotificationsFrom } from './exclusions.js';

const T = Date.parse('2026-12-02T12:00:00Z');
const ex: Exclusions = {
  blocking: new Set([1]),
  blockedBy: new Set([2]),
  muting: new Map([
    [3, { notifications: true, expiresAt: null }],
    [4, { notifications: false, expiresAt: null }],
    [5, { notifications: true, expiresAt: T + 1000 }],
  ]),
  domains: new Set(['spam.example']),
  empty: false,
};

describe('exclusion predicates', () => {
  it('exclude blocked, blocking and muted accounts, and a blocked domain when an account has one', () => {
    for (const id of [1, 2, 3, 4, 5]) expect(excludesAccount(ex, id, T), String(id)).toBe(true);
    expect(excludesAccount(ex, 6, T)).toBe(false);
    expect(excludesAccount(ex, 6, T, 'spam.example')).toBe(true);
    expect(excludesAccount(NO_EXCLUSIONS, 1, T)).toBe(false);
  });

  it('a timed mute stops applying at its end, without waiting for the sweep', () => {
    expect(mutes(ex, 5, T + 999)).toBe(true);
    expect(mutes(ex, 5, T + 1000)).toBe(false);
    expect(excludesAccount(ex, 5, T + 1000)).toBe(false);
    expect(excludedAccountIds(ex, T + 1000).sort()).toEqual([1, 2, 3, 4]);
  });

  it('a reblog of an excluded author is excluded; a status by anyone else is not', () => {
    expect(excludesStatus(ex, { authorId: 9, reblogAuthorId: 3 }, T)).toBe(true);
    expect(excludesStatus(ex, { authorId: 9, reblogAuthorId: 8 }, T)).toBe(false);
    expect(excludesStatus(ex, { authorId: 9 }, T)).toBe(false);
  });

  it('notifications: blocks either way and mutes that hide them; not a mute with notifications=false', () => {
    expect([1, 2, 3, 5].map((id) => silencesNotificationsFrom(ex, id, T))).toEqual([true, true, true, true]);
    expect(silencesNotificationsFrom(ex, 4, T)).toBe(false);
    expect(silencesNotificationsFrom(ex, 5, T + 1000)).toBe(false);
  });
});

describe('normalizeDomain', () => {
  it('normalises case, trailing dot, URLs, addresses and IDN', () => {
    expect(normalizeDomain(' Spam.Example. ')).toBe('spam.example');
    expect(normalizeDomain('https://Bad.Example:8443/x')).toBe('bad.example');
    expect(normalizeDomain('someone@Third.example')).toBe('third.example');
    expect(normalizeDomain('例子.测试')).toBe('xn--fsqu00a.xn--0zwm56d');
  });

  it('refuses what is no host name, naming `domain`', () => {
    for (const bad of [undefined, 42, '', '   ', 'nodot', 'a..b', '-a.example', 'a-.example', 'sp ace.example', `${'x'.repeat(64)}.example`]) {
      expect(() => normalizeDomain(bad), String(bad)).toThrow(expect.objectContaining({ status: 422, details: { domain: [expect.objectContaining({ error: expect.stringMatching(/^ERR_/) })] } }));
    }
  });
});
