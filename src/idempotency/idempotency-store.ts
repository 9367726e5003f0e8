import type { Redis } from 'ioredis';
import type { Context } from '../app/context.js';
import { claimKey, findKey, releaseKey, settleKey } from './idempotency.repository.js';

/** How long a key is remembered, as in Mastodon (post_status_service.rb keeps it in Redis for an hour). */
export const IDEMPOTENCY_TTL_SECONDS = 3600;

/**
 * How long a claim whose request never finished (its process died mid-post)
 * holds the key: far longer than a post takes, far shorter than an hour of
 * the client's retries answered 409.
 */
export const IDEMPOTENCY_PENDING_SECONDS = 60;

/** What a first request under a key made. */
export interface IdempotentResult {
  kind: 'status' | 'scheduled';
  id: number;
}

/** The outcome of claiming a key: ours to run, already done, or still being run by another request. */
export type Claim = { state: 'claimed' } | { state: 'done'; result: IdempotentResult } | { state: 'pending' };

/** Where Idempotency-Keys live: the configured Redis, shared by every process, or the database. */
export interface IdempotencyStore {
  claim(accountId: number, key: string): Promise<Claim>;
  settle(accountId: number, key: string, result: IdempotentResult): Promise<void>;
  release(accountId: number, key: string): Promise<void>;
}

function parse(value: string): IdempotentResult | null {
  const m = /^(status|scheduled):(\d+)$/.exec(value);
  return m ? { kind: m[1] as IdempotentResult['kind'], id: Number(m[2]) } : null;
}

/**
 * Keys in Redis (`SET NX EX`), as Mastodon keeps them. While Redis cannot be
 * reached, keys go to `fallback` (the database) so that retries stay single.
 */
export function redisIdempotency(redis: Redis, prefix: string, fallback: IdempotencyStore): IdempotencyStore {
  const store = inRedis(redis, prefix);
  const guarded = <A extends unknown[], R>(f: (...a: A) => Promise<R>, g: (...a: A) => Promise<R>) => async (...a: A) => (redis.status === 'ready' ? f(...a).catch(() => g(...a)) : g(...a));
  return { claim: guarded(store.claim, fallback.claim), settle: guarded(store.settle, fallback.settle), release: guarded(store.release, fallback.release) };
}

function inRedis(redis: Redis, prefix: string): IdempotencyStore {
  const name = (accountId: number, key: string) => `${prefix}${accountId}:${key}`;
  return {
    async claim(accountId, key) {
      const k = name(accountId, key);
      if ((await redis.set(k, 'pending', 'EX', IDEMPOTENCY_PENDING_SECONDS, 'NX')) === 'OK') return { state: 'claimed' };
      const value = await redis.get(k);
      if (value === null) return (await redis.set(k, 'pending', 'EX', IDEMPOTENCY_PENDING_SECONDS, 'NX')) === 'OK' ? { state: 'claimed' } : { state: 'pending' };
      const result = parse(value);
      return result ? { state: 'done', result } : { state: 'pending' };
    },
    async settle(accountId, key, result) {
      await redis.set(name(accountId, key), `${result.kind}:${result.id}`, 'EX', IDEMPOTENCY_TTL_SECONDS);
    },
    async release(accountId, key) {
      const k = name(accountId, key);
      if ((await redis.get(k)) === 'pending') await redis.del(k);
    },
  };
}

/** Keys in the `idempotency_keys` table: shared by every process over the same database. */
export function dbIdempotency(ctx: Context): IdempotencyStore {
  return {
    async claim(accountId, key) {
      const now = ctx.clock.now();
      const lapsed = {
        settledBefore: new Date(now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000).toISOString(),
        pendingBefore: new Date(now.getTime() - IDEMPOTENCY_PENDING_SECONDS * 1000).toISOString(),
      };
      if (await claimKey(ctx.db, accountId, key, now.toISOString(), lapsed)) return { state: 'claimed' };
      const row = await findKey(ctx.db, accountId, key);
      if (!row) return (await claimKey(ctx.db, accountId, key, now.toISOString(), lapsed)) ? { state: 'claimed' } : { state: 'pending' };
      if (row.kind === null || row.result_id === null) return { state: 'pending' };
      return { state: 'done', result: { kind: row.kind, id: Number(row.result_id) } };
    },
    async settle(accountId, key, result) {
      await settleKey(ctx.db, accountId, key, result.kind, result.id);
    },
    async release(accountId, key) {
      await releaseKey(ctx.db, accountId, key);
    },
  };
}
