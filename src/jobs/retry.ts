/**
 * When a failed job runs again: a pure function of the attempt, the policy
 * and a random source, as the crawler's retry policy is (src/census/retry.ts):
 * "full jitter" exponential backoff, uniform in [0, min(cap, base·2^(n−1))),
 * which spreads the retries of many jobs that failed together (a push
 * service down for a minute) instead of sending them back in one wave. A
 * handler that knows better (a 429's Retry-After) asks for at least its wait.
 */

export interface JobRetryPolicy {
  /** Attempts in all, the first included; after the last a job is dead. */
  maxAttempts: number;
  /** The backoff ceiling after the first failure; it doubles with each further one. */
  baseMs: number;
  /** No wait exceeds this. */
  capMs: number;
}

/** Five attempts over about a quarter of an hour at most (Mastodon's push worker retries 5 times). */
export const DEFAULT_JOB_RETRY: JobRetryPolicy = { maxAttempts: 5, baseMs: 10_000, capMs: 10 * 60_000 };

/** What became of a failed attempt. */
export type RetryDecision = { retryInMs: number } | { dead: true };

/**
 * The decision after attempt `attempt` (from 1) failed. `atLeastMs` is a
 * wait the handler asked for (Retry-After); it is honoured up to the cap,
 * and beyond it the job is given up on rather than held for hours.
 */
export function afterFailure(attempt: number, policy: JobRetryPolicy, random: () => number, atLeastMs?: number | null): RetryDecision {
  if (attempt >= policy.maxAttempts) return { dead: true };
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const jittered = Math.floor(random() * ceiling);
  if (atLeastMs !== undefined && atLeastMs !== null) {
    if (atLeastMs > policy.capMs) return { dead: true };
    return { retryInMs: Math.max(jittered, atLeastMs) };
  }
  return { retryInMs: jittered };
}

/** A Retry-After value (RFC 9110 §10.2.3: delta-seconds or an HTTP-date) in milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]{3}/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
