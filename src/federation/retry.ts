import type { RetryPolicy } from '@fedify/fedify';
import { durationMs } from './temporal.js';

/** How Fedify retries a failed delivery or incoming activity (the only retrying there is; see message-queue.ts). */
export interface FederationRetry {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles with each further one. */
  initialMs: number;
  /** No wait exceeds this. */
  maxDelayMs: number;
  /** No retry starts once this long has passed since the first attempt: the peer is given up on. */
  giveUpAfterMs: number;
}

const HOUR = 3_600_000;

/**
 * Deliveries: 1 min, 2, 4 … up to 6 h between attempts, 16 attempts, and
 * never past 48 hours after the first: a server unreachable for two days
 * misses the activity (Mastodon's delivery worker gives up after about as long).
 * 404 and 410 are not retried at all (Fedify's permanent failures).
 */
export const OUTBOX_RETRY: FederationRetry = { maxAttempts: 16, initialMs: 60_000, maxDelayMs: 6 * HOUR, giveUpAfterMs: 48 * HOUR };

/** Incoming activities whose handler failed (our database busy, a peer's object unreachable): 10 attempts within 12 hours. */
export const INBOX_RETRY: FederationRetry = { maxAttempts: 10, initialMs: 10_000, maxDelayMs: 2 * HOUR, giveUpAfterMs: 12 * HOUR };

/**
 * The wait before the next attempt, or null to give up: a pure function of
 * the attempts so far (from 1), the time since the first, and a random
 * source. The wait is drawn in [½·d, d) for d = initial·2^(n−1), capped, so
 * that many deliveries that failed together do not come back in one wave.
 */
export function nextAttemptDelay(policy: FederationRetry, attempts: number, elapsedMs: number, random: () => number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.initialMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  const delay = Math.floor(ceiling / 2 + (random() * ceiling) / 2);
  if (elapsedMs + delay > policy.giveUpAfterMs) return null;
  return delay;
}

/** The policy in Fedify's form. */
export function fedifyRetryPolicy(policy: FederationRetry, random: () => number = Math.random): RetryPolicy {
  return ({ elapsedTime, attempts }) => {
    const ms = nextAttemptDelay(policy, attempts, elapsedTime.total({ unit: 'millisecond' }), random);
    return ms === null ? null : durationMs(ms);
  };
}
