import { describe, expect, it } from 'vitest';
import { EntityCache } from './entity-cache.js';

describe('EntityCache', () => {
  it('refuses what was loaded before a forget, so a read racing a write cannot store the old row', () => {
    const cache = new EntityCache<{ v: number }>(10, 60_000);
    const before = cache.mark();
    cache.forget([1]); // a write commits while the read is in flight
    cache.fill(before, 1, { v: 1 });
    expect(cache.get(1)).toBeUndefined();
    const after = cache.mark();
    cache.fill(after, 1, { v: 2 });
    expect(cache.get(1)).toEqual({ v: 2 });
    cache.forget([1]);
    expect(cache.get(1)).toBeUndefined();
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const cache = new EntityCache<{ v: number }>(2, 60_000);
    for (const id of [1, 2, 3]) cache.fill(cache.mark(), id, { v: id });
    expect(cache.size).toBe(2);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(3)).toEqual({ v: 3 });
  });

  it('drops what expired once a ttl has passed since the last sweep, though nobody reads it again', async () => {
    const cache = new EntityCache<{ v: number }>(1000, 30);
    for (let id = 1; id <= 50; id++) cache.fill(cache.mark(), id, { v: id });
    expect(cache.size).toBe(50);
    await new Promise((r) => setTimeout(r, 60));
    cache.fill(cache.mark(), 51, { v: 51 });
    expect(cache.size).toBe(1);
    expect(cache.get(51)).toEqual({ v: 51 });
  });
});
