import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import type { Context } from '../app/context.js';
import { DIALECTS, testContext } from '../../test/dialects.js';
import { DbKvStore } from './kv-store.js';
import { durationMs } from './temporal.js';

/** Fedify's key-value store over federation_kv: values as JSON, TTLs honoured by every read, CAS, listing by prefix. */
describe.each(DIALECTS)('DbKvStore (%s)', (dialect) => {
  const clock = fixedClock('2026-12-03T08:00:00Z');
  let ctx: Context;
  let kv: DbKvStore;
  beforeAll(async () => {
    ctx = await testContext(dialect, { federation: true }, clock);
    kv = new DbKvStore(ctx, 1);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('reads nothing for a missing key, then what was set, overwritten, then nothing once deleted', async () => {
    expect(await kv.get(['a', 'missing'])).toBeUndefined();
    await kv.set(['a', 'x'], { n: 1, s: '政务', list: [1, 2] });
    expect(await kv.get(['a', 'x'])).toEqual({ n: 1, s: '政务', list: [1, 2] });
    await kv.set(['a', 'x'], 'second');
    expect(await kv.get(['a', 'x'])).toBe('second');
    await kv.delete(['a', 'x']);
    expect(await kv.get(['a', 'x'])).toBeUndefined();
  });

  it('forgets an entry at the end of its TTL, for reads and lists alike, and sweeps it from the table', async () => {
    await kv.set(['ttl', 'k'], 42, { ttl: durationMs(60_000) });
    clock.advance(59_000);
    expect(await kv.get(['ttl', 'k'])).toBe(42);
    clock.advance(2_000);
    expect(await kv.get(['ttl', 'k'])).toBeUndefined();
    const listed: unknown[] = [];
    for await (const e of kv.list(['ttl'])) listed.push(e.key);
    expect(listed).toEqual([]);
    // The next write sweeps (sweepEvery 1 here): the row is gone, not just hidden.
    await kv.set(['other'], 1);
    expect(await ctx.db.selectFrom('federation_kv').select('key').where('key', '=', JSON.stringify(['ttl', 'k'])).execute()).toEqual([]);
  });

  it('compares and swaps: only from the value held (or from absent), never over a concurrent change', async () => {
    expect(await kv.cas(['cas'], undefined, { v: 1 })).toBe(true);
    expect(await kv.cas(['cas'], undefined, { v: 9 })).toBe(false);
    expect(await kv.cas(['cas'], { v: 2 }, { v: 3 })).toBe(false);
    expect(await kv.cas(['cas'], { v: 1 }, { v: 2 })).toBe(true);
    expect(await kv.get(['cas'])).toEqual({ v: 2 });
    // An expired entry counts as absent.
    await kv.set(['cas', 'old'], 'stale', { ttl: durationMs(1000) });
    clock.advance(2000);
    expect(await kv.cas(['cas', 'old'], 'stale', 'new')).toBe(false);
    expect(await kv.cas(['cas', 'old'], undefined, 'new')).toBe(true);
    expect(await kv.get(['cas', 'old'])).toBe('new');
  });

  it('lists the keys under a prefix (the prefix itself included), not those that merely start with the same text', async () => {
    await kv.set(['p', 'a'], 1);
    await kv.set(['p', 'a', 'b'], 2);
    await kv.set(['p', 'ab'], 3);
    await kv.set(['q'], 4);
    const under = async (prefix?: readonly [string, ...string[]]) => {
      const out: [unknown, unknown][] = [];
      for await (const e of kv.list(prefix)) out.push([e.key, e.value]);
      return out;
    };
    const pa = await under(['p', 'a']);
    expect(pa).toHaveLength(2);
    expect(pa).toEqual(
      expect.arrayContaining([
        [['p', 'a'], 1],
        [['p', 'a', 'b'], 2],
      ]),
    );
    expect((await under(['p'])).length).toBe(3);
    expect((await under()).map(([k]) => k)).toEqual(expect.arrayContaining([['q'], ['p', 'ab']]));
  });
});
