import { describe, expect, it } from 'vitest';
import { mayRemoveFeaturedTag } from './feature-tag.js';
import { checkedTagName } from './follow-tag.js';

describe('featured tags', () => {
  it('another account may not remove one', () => {
    expect(mayRemoveFeaturedTag(2, { account_id: 1 })).toBe(false);
    expect(mayRemoveFeaturedTag(1, { account_id: 1 })).toBe(true);
  });
});

describe('hashtag names', () => {
  it('refuses what is no hashtag, accepts Chinese and the #…# form', () => {
    expect(() => checkedTagName('')).toThrow();
    expect(() => checkedTagName('a b')).toThrow();
    expect(() => checkedTagName('x/y')).toThrow();
    expect(checkedTagName('#雾霾#')).toBe('雾霾');
    expect(checkedTagName('Gov_2012')).toBe('Gov_2012');
  });
});
