import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINK_TREND, linkScore, statusScore, tagScore, tagScorePlain } from './scores.js';

const H = 3_600_000;
const now = Date.parse('2026-12-02T08:00:00Z');

describe('trend scores', () => {
  it('a tag used by fewer than 5 accounts, or used as much as the day before, does not trend', () => {
    const four = [1, 2, 3, 4].map((account) => ({ account, at: now - H }));
    expect(tagScore(four, now)).toBe(0);
    const daily = (hoursAgo: number, first: number) => [0, 1, 2, 3, 4].map((i) => ({ account: first + i, at: now - hoursAgo * H }));
    const steady = [...daily(1, 1), ...daily(25, 6), ...daily(49, 11)];
    expect(tagScore(steady, now)).toBe(0);
  });
  it('counts accounts, not uses; a burst decays by half every 4 hours', () => {
    const spam = Array.from({ length: 50 }, () => ({ account: 1, at: now - H }));
    expect(tagScore(spam, now)).toBe(0);
    const burst = [1, 2, 3, 4, 5, 6].map((account) => ({ account, at: now - H }));
    expect(tagScore(burst, now)).toBe(25);
    // Out of the last 24 hours for the past 6: its best was 7 hours ago, when the window last held it.
    const older = burst.map((u) => ({ ...u, at: now - 30 * H }));
    expect(tagScore(older, now)).toBeCloseTo(25 * 0.5 ** (7 / 4), 5);
    expect(tagScore(burst.map((u) => ({ ...u, at: now - 47 * H })), now)).toBe(0);
  });
  it('a status needs 5 interactions and halves every 2 hours', () => {
    expect(statusScore(4, now, now)).toBe(0);
    expect(statusScore(5, now, now)).toBe(16);
    expect(statusScore(5, now - 2 * H, now)).toBe(8);
    expect(statusScore(5, now - 24 * H, now)).toBe(0);
  });
  it('a link is scored as a tag is, from distinct sharers, but its best halves every 8 hours', () => {
    const burst = [1, 2, 3, 4, 5, 6].map((account) => ({ account, at: now - H }));
    expect(linkScore(burst, now)).toBe(25);
    const older = burst.map((u) => ({ ...u, at: now - 30 * H }));
    expect(linkScore(older, now)).toBeCloseTo(25 * 0.5 ** (7 / 8), 5);
    expect(linkScore(burst.slice(0, 4), now)).toBe(0);
  });
  it('the one-pass form gives what the plain form gives, for any uses', () => {
    const use = fc.record({ account: fc.integer({ min: 1, max: 12 }), at: fc.integer({ min: now - 100 * H, max: now + H }) });
    fc.assert(fc.property(fc.array(use, { maxLength: 80 }), (uses) => Math.abs(tagScore(uses, now) - tagScorePlain(uses, now)) < 1e-9));
    fc.assert(fc.property(fc.array(use, { maxLength: 80 }), (uses) => Math.abs(tagScore(uses, now, LINK_TREND) - tagScorePlain(uses, now, LINK_TREND)) < 1e-9));
  });
});
