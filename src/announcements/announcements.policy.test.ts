import { describe, expect, it } from 'vitest';
import { isActive, isUnicodeEmoji, mayManageAnnouncements } from './announcements.policy.js';

describe('who may manage announcements', () => {
  it('not a user, not a reviewer, not an operator; an admin', () => {
    expect(mayManageAnnouncements({ role: 'user' }, null)).toBe(false);
    expect(mayManageAnnouncements({ role: 'reviewer' }, null)).toBe(false);
    expect(mayManageAnnouncements({ role: 'admin' }, { id: 3 })).toBe(false);
    expect(mayManageAnnouncements({ role: 'admin' }, null)).toBe(true);
  });
});

describe('announcements shown and reactions accepted', () => {
  const now = new Date('2026-12-02T08:00:00Z');
  it('a draft or an ended one is not shown', () => {
    expect(isActive({ published_at: null, ends_at: null }, now)).toBe(false);
    expect(isActive({ published_at: '2026-12-01T00:00:00Z', ends_at: '2026-12-01T12:00:00Z' }, now)).toBe(false);
    expect(isActive({ published_at: '2026-12-01T00:00:00Z', ends_at: null }, now)).toBe(true);
  });
  it('one emoji, not text nor two emojis', () => {
    expect(isUnicodeEmoji('👍')).toBe(true);
    expect(isUnicodeEmoji('👍🏽')).toBe(true);
    expect(isUnicodeEmoji('🇨🇳')).toBe(true);
    expect(isUnicodeEmoji('👍👍')).toBe(false);
    expect(isUnicodeEmoji('好')).toBe(false);
    expect(isUnicodeEmoji('')).toBe(false);
  });
});
