import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_RETRY, afterFailure, retryAfterMs } from './retry.js';

const policy = { maxAttempts: 5, baseMs: 1000, capMs: 60_000 };

describe('the job retry policy', () => {
  it('gives up after the last attempt', () => {
    expect(afterFailure(5, policy, () => 0.5)).toEqual({ dead: true });
    expect(afterFailure(9, policy, () => 0.5)).toEqual({ dead: true });
    expect(afterFailure(1, { ...policy, maxAttempts: 1 }, () => 0.5)).toEqual({ dead: true });
  });

  it('waits a jittered, doubling, capped time before the others', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = afterFailure(attempt, { ...policy, maxAttempts: 50 }, () => r);
        if (!('retryInMs' in d)) return false;
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        return d.retryInMs >= 0 && d.retryInMs < ceiling;
      }),
    );
    expect(afterFailure(1, policy, () => 0.999)).toEqual({ retryInMs: 999 });
    expect(afterFailure(3, policy, () => 0.999)).toEqual({ retryInMs: 3996 });
    expect(afterFailure(40, { ...policy, maxAttempts: 100 }, () => 0.5)).toEqual({ retryInMs: 30_000 });
  });

  it("honours a handler's Retry-After up to the cap, and gives up beyond it", () => {
    expect(afterFailure(1, policy, () => 0, 5000)).toEqual({ retryInMs: 5000 });
    expect(afterFailure(1, policy, () => 0.999, 10)).toEqual({ retryInMs: 999 });
    expect(afterFailure(1, policy, () => 0, 61_000)).toEqual({ dead: true });
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('by default spends five attempts within about a quarter of an hour', () => {
    let worst = 0;
    for (let a = 1; a < DEFAULT_JOB_RETRY.maxAttempts; a++) {
      const d = afterFailure(a, DEFAULT_JOB_RETRY, () => 0.999999);
      if ('retryInMs' in d) worst += d.retryInMs;
    }
    expect(worst).toBeLessThan(20 * 60_000);
  });
});
