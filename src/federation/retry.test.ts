import { describe, expect, it } from 'vitest';
import { OUTBOX_RETRY, INBOX_RETRY, nextAttemptDelay } from './retry.js';

/** Fedify's retry policy, ours: doubling waits within [½d, d), a cap, and a give-up time that holds whatever the jitter. */
describe('nextAttemptDelay', () => {
  it('doubles from the initial wait, jittered in the upper half, capped', () => {
    expect(nextAttemptDelay(OUTBOX_RETRY, 1, 0, () => 0)).toBe(30_000);
    expect(nextAttemptDelay(OUTBOX_RETRY, 1, 0, () => 0.999999)).toBe(59_999);
    expect(nextAttemptDelay(OUTBOX_RETRY, 3, 0, () => 0)).toBe(120_000);
    expect(nextAttemptDelay(OUTBOX_RETRY, 14, 0, () => 0.999999)).toBeLessThanOrEqual(OUTBOX_RETRY.maxDelayMs);
  });

  it('gives up after the last attempt, and once the next would start past the give-up time', () => {
    expect(nextAttemptDelay(OUTBOX_RETRY, OUTBOX_RETRY.maxAttempts, 0, () => 0)).toBeNull();
    expect(nextAttemptDelay(OUTBOX_RETRY, 10, 47.9 * 3_600_000, () => 0.5)).toBeNull();
    expect(nextAttemptDelay(INBOX_RETRY, 2, 0, () => 0.5)).toBe(15_000);
  });

  it('never schedules an attempt past 48 hours after the first, whatever the draws', () => {
    for (const r of [0, 0.3, 0.7, 0.999]) {
      let elapsed = 0;
      let attempts = 1;
      for (;;) {
        const d = nextAttemptDelay(OUTBOX_RETRY, attempts, elapsed, () => r);
        if (d === null) break;
        elapsed += d;
        attempts += 1;
      }
      expect(elapsed).toBeLessThanOrEqual(OUTBOX_RETRY.giveUpAfterMs);
      expect(attempts).toBeLessThanOrEqual(OUTBOX_RETRY.maxAttempts);
    }
  });
});
