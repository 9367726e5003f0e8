import { describe, expect, it } from 'vitest';
import { mayEndorse } from './endorsements.policy.js';

describe('who may endorse', () => {
  it('not an account it does not follow, not itself', () => {
    expect(mayEndorse(1, 2, false)).toBe(false);
    expect(mayEndorse(1, 1, true)).toBe(false);
    expect(mayEndorse(1, 2, true)).toBe(true);
  });
});
