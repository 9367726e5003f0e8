import { describe, expect, it } from 'vitest';
import { EVERY_HOME, type HomePage, HomePageCache } from './home-pages.js';

const page = (statusIds: number[], accountIds: number[], expiresAt = Number.POSITIVE_INFINITY, bytes = 10): HomePage => ({
  body: Buffer.alloc(bytes, 0x20),
  link: '<x>; rel="prev"',
  statusIds,
  accountIds,
  expiresAt,
});

describe('HomePageCache', () => {
  it('forgets the readers whose pages show a status or an account, and a reader whose own account changed', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    c.fill(c.mark(), 1, 'w', page([100, 101], [10]), 0);
    c.fill(c.mark(), 2, 'w', page([101], [11]), 0);
    c.fill(c.mark(), 3, 'w', page([102], [12]), 0);
    c.forgetStatusesHere([101]);
    expect(c.get(1, 'w', 0)).toBeUndefined();
    expect(c.get(2, 'w', 0)).toBeUndefined();
    expect(c.get(3, 'w', 0)).toBeDefined();
    c.fill(c.mark(), 1, 'w', page([100], [10]), 0);
    c.forgetAccountsHere([3]);
    expect(c.get(3, 'w', 0)).toBeUndefined();
    expect(c.get(1, 'w', 0)).toBeDefined();
    c.forgetAccountsHere([10]);
    expect(c.get(1, 'w', 0)).toBeUndefined();
  });

  it('refuses a page rendered across a forget, ends pages at their own end and at the TTL, and forgets everyone at once', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    const mark = c.mark();
    c.forgetHere([99]);
    c.fill(mark, 1, 'w', page([1], [1]), 0);
    expect(c.get(1, 'w', 0)).toBeUndefined();

    c.fill(c.mark(), 1, 'w', page([1], [1], 5_000), 0);
    expect(c.get(1, 'w', 4_999)).toBeDefined();
    expect(c.get(1, 'w', 5_000)).toBeUndefined();
    c.fill(c.mark(), 2, 'w', page([1], [1]), 0);
    expect(c.get(2, 'w', 59_999)).toBeDefined();
    expect(c.get(2, 'w', 60_000)).toBeUndefined();

    c.fill(c.mark(), 3, 'a', page([1], [1]), 0);
    c.fill(c.mark(), 4, 'b', page([2], [2]), 0);
    c.forgetHere([EVERY_HOME]);
    expect(c.size).toBe(0);
  });

  it('stays within its bytes, keeping its indexes to what it holds', () => {
    const c = new HomePageCache(100, 60_000);
    c.fill(c.mark(), 1, 'w', page([1], [1], Number.POSITIVE_INFINITY, 60), 0);
    c.fill(c.mark(), 2, 'w', page([2], [2], Number.POSITIVE_INFINITY, 60), 0);
    expect(c.get(1, 'w', 0)).toBeUndefined();
    expect(c.get(2, 'w', 0)).toBeDefined();
    // Reader 1 fell out: a forget of its status must not touch reader 2.
    c.forgetStatusesHere([1]);
    expect(c.get(2, 'w', 0)).toBeDefined();
    c.fill(c.mark(), 2, 'v', page([3], [3], Number.POSITIVE_INFINITY, 30), 0);
    expect(c.get(2, 'v', 0)).toBeDefined();
    c.forgetStatusesHere([2]);
    expect(c.get(2, 'v', 0)).toBeUndefined();
  });

  it('tells other processes what it forgot, and keeps nothing with no TTL', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    const told: number[][] = [];
    c.onForget((ids) => told.push(ids));
    c.forget([7, 8]);
    c.forgetHere([9]);
    expect(told).toEqual([[7, 8]]);
    const off = new HomePageCache(1 << 20, 0);
    off.fill(off.mark(), 1, 'w', page([1], [1]), 0);
    expect(off.get(1, 'w', 0)).toBeUndefined();
  });

  it('indexes what its kept pages show, not every page a reader had since its entry began', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    // A reader whose page moves on without a forget (another process's post, a window further down)
    // 10,000 times: the entry must index only what the page now shows.
    for (let i = 0; i < 10_000; i++) c.fill(c.mark(), 1, 'w', page([1_000_000 + i, 1_000_000 + i + 1], [1 + (i % 50)]), i);
    expect(c.indexed).toEqual({ statuses: 2, accounts: 1 });
    // A status only an earlier page showed is no reason to drop the page now kept.
    c.forgetStatusesHere([1_000_000]);
    expect(c.get(1, 'w', 10_000)).toBeDefined();
    c.forgetStatusesHere([1_010_000]);
    expect(c.get(1, 'w', 10_000)).toBeUndefined();
    expect(c.indexed).toEqual({ statuses: 0, accounts: 0 });
  });

  it('drops a reader\'s pages past their end when it keeps another, with what they showed', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    c.fill(c.mark(), 1, 'a', page([1], [1], 5_000), 0);
    c.fill(c.mark(), 1, 'b', page([2], [2]), 6_000);
    expect(c.indexed).toEqual({ statuses: 1, accounts: 1 });
    c.forgetStatusesHere([1]);
    expect(c.get(1, 'b', 6_000)).toBeDefined();
  });

  it('keeps a small page in memory of its own, not a slice of a shared 64 KiB block', () => {
    const c = new HomePageCache(1 << 20, 60_000);
    const body = Buffer.from('[{"id":"1"}]');
    expect(body.buffer.byteLength).toBeGreaterThan(body.length);
    c.fill(c.mark(), 1, 'w', { ...page([1], [1]), body }, 0);
    const kept = c.get(1, 'w', 0)!.body;
    expect(kept.toString()).toBe('[{"id":"1"}]');
    expect(kept.buffer.byteLength).toBe(kept.length);
  });
});
