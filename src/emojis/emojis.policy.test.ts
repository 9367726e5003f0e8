import { describe, expect, it } from 'vitest';
import { mayManageEmojis, shortcodesIn } from './emojis.policy.js';

describe('who may manage custom emojis', () => {
  it('not a user, not a reviewer, not an operator acting for an organ; an admin', () => {
    expect(mayManageEmojis({ role: 'user' }, null)).toBe(false);
    expect(mayManageEmojis({ role: 'reviewer' }, null)).toBe(false);
    expect(mayManageEmojis({ role: 'admin' }, { id: 1 })).toBe(false);
    expect(mayManageEmojis({ role: 'admin' }, null)).toBe(true);
  });
});

describe('shortcodes in a text', () => {
  it('finds :name: beside Chinese and spaces, not inside times or words', () => {
    expect(shortcodesIn('为人民服务:thumbsup: 好 :gov_badge:')).toEqual(['thumbsup', 'gov_badge']);
    expect(shortcodesIn('10:30:00 开会')).toEqual([]);
    expect(shortcodesIn('a:bc:')).toEqual([]);
    expect(shortcodesIn(':x: 一字不算')).toEqual([]);
    expect(shortcodesIn('no colons')).toEqual([]);
  });
});
