import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../accounts/sign-up.js';
import { fixedClock } from '../app/clock.js';
import { DIALECTS, testContext } from '../../test/dialects.js';
import { IDEMPOTENCY_PENDING_SECONDS, type IdempotencyStore, dbIdempotency, redisIdempotency } from './idempotency-store.js';

/**
 * A request that claimed a key and died before settling it (a process killed
 * mid-post) must not leave the client's retries answered 409 for the hour a
 * settled key is kept: the claim lapses after a minute. A settled key stays.
 */
describe.each(DIALECTS)('a claim that was never settled (%s)', (dialect) => {
  const clock = fixedClock('2026-12-02T00:00:00Z');
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());

  it('lapses after a minute in the database, while a settled key is kept', async () => {
    const ctx = await testContext(dialect, {}, clock);
    try {
      const me = Number((await createUser(ctx, { username: 'poster', role: 'user' })).id);
      const store: IdempotencyStore = dbIdempotency(ctx);
      expect(await store.claim(me, 'dead')).toEqual({ state: 'claimed' });
      expect(await store.claim(me, 'done')).toEqual({ state: 'claimed' });
      await store.settle(me, 'done', { kind: 'status', id: 7 });
      clock.advance((IDEMPOTENCY_PENDING_SECONDS - 1) * 1000);
      expect(await store.claim(me, 'dead')).toEqual({ state: 'pending' });
      clock.advance(2000);
      expect(await store.claim(me, 'dead')).toEqual({ state: 'claimed' });
      expect(await store.claim(me, 'done')).toEqual({ state: 'done', result: { kind: 'status', id: 7 } });
    } finally {
      await ctx.close();
    }
  });

  it('is held in Redis for the pending minute only, a settled key for the hour', async () => {
    await redis.connect().catch(() => undefined);
    const ctx = await testContext(dialect, {}, clock);
    try {
      const prefix = `govblog-test-idem-${Math.random().toString(36).slice(2)}-`;
      const store = redisIdempotency(redis, prefix, dbIdempotency(ctx));
      expect(await store.claim(2, 'dead')).toEqual({ state: 'claimed' });
      const ttl = await redis.ttl(`${prefix}2:dead`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(IDEMPOTENCY_PENDING_SECONDS);
      await store.settle(2, 'dead', { kind: 'status', id: 9 });
      expect(await redis.ttl(`${prefix}2:dead`)).toBeGreaterThan(IDEMPOTENCY_PENDING_SECONDS);
      await redis.del(`${prefix}2:dead`);
    } finally {
      await ctx.close();
    }
  });
});
