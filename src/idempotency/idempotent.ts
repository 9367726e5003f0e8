import { RetryLaterError, fieldError } from '../app/errors.js';
import type { IdempotencyStore, IdempotentResult } from './idempotency-store.js';

/** Longest Idempotency-Key taken. */
export const IDEMPOTENCY_KEY_MAX = 256;

/**
 * Runs `make` once per (account, key) for an hour: a retry under the same key
 * gets what the first request made (`load`), as Mastodon's PostStatusService
 * does. A retry that arrives while the first is still running waits a little,
 * then is told to try again (409 with Retry-After) rather than posting twice.
 */
export async function idempotent<T>(
  store: IdempotencyStore,
  accountId: number,
  key: string | undefined,
  make: () => Promise<{ result: IdempotentResult; value: T }>,
  load: (result: IdempotentResult) => Promise<T>,
): Promise<T> {
  if (key === undefined || key === '') return (await make()).value;
  if (key.length > IDEMPOTENCY_KEY_MAX) throw fieldError('Idempotency-Key', 'ERR_TOO_LONG', `is too long (maximum is ${IDEMPOTENCY_KEY_MAX} characters)`);
  for (let attempt = 0; ; attempt++) {
    const claim = await store.claim(accountId, key);
    if (claim.state === 'done') return load(claim.result);
    if (claim.state === 'claimed') break;
    if (attempt >= 20) throw new RetryLaterError('conflict', 1, 'A request with this Idempotency-Key is still being processed');
    await new Promise((r) => setTimeout(r, 100));
  }
  let made: { result: IdempotentResult; value: T };
  try {
    made = await make();
  } catch (err) {
    await store.release(accountId, key).catch(() => undefined);
    throw err;
  }
  await store.settle(accountId, key, made.result);
  return made.value;
}
