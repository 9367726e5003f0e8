import { ForgettingCache } from './forgetting-cache.js';
import { LRUCache } from 'lru-cache';

/**
 * Presented entities (accounts, statuses) kept in memory by id, so that a
 * timeline does not load and render the same rows for every reader.
 *
 * The use cases that change an entity forget it once their transaction has
 * committed. A reader that began loading before that forget may hold the old
 * row: `fill` refuses to store anything loaded before the latest forget, so a
 * stale copy never outlives the read that made it. Entries also expire after
 * `ttlMs`, which bounds how long a change made by another process can go
 * unseen here when nothing tells this one (src/app/cache-bus.ts,
 * src/cli/cluster.ts do).
 *
 * Expired entries are dropped once a `ttlMs` from the fills (not only when
 * read again or pushed out by size): most statuses are rendered once, so
 * without the sweep the cache holds every one of the day's until it is
 * full, and a process's memory grows for hours as if it leaked.
 */
export class EntityCache<V extends {}> extends ForgettingCache {
  private readonly lru: LRUCache<number, V> | null;
  private readonly dependents = new Set<(ids: number[]) => void>();
  private sweptAt = performance.now();

  constructor(max: number, private readonly ttlMs: number) {
    super();
    this.lru = ttlMs > 0 && max > 0 ? new LRUCache<number, V>({ max, ttl: ttlMs, ttlAutopurge: false, updateAgeOnGet: false }) : null;
  }

  protected get enabled(): boolean {
    return this.lru !== null;
  }

  get(id: number): V | undefined {
    return this.lru?.get(id);
  }

  /** Stores what was loaded since `mark`, unless something was forgotten meanwhile. */
  fill(mark: number, id: number, value: V): void {
    if (!this.lru) return;
    if (mark === this.epoch) this.lru.set(id, value);
    const now = performance.now();
    if (now - this.sweptAt >= this.ttlMs) {
      this.sweptAt = now;
      this.lru.purgeStale();
    }
  }

  /** Forgets in this process only (what another process announced). */
  forgetHere(ids: Iterable<number>): void {
    this.epoch++;
    const list = [...ids];
    if (this.lru) for (const id of list) this.lru.delete(id);
    for (const dependent of this.dependents) dependent(list);
  }

  /** Another cache holding what these ids stand for, to forget with this one, here and when another process announces it. */
  alsoForget(dependent: (ids: number[]) => void): void {
    this.dependents.add(dependent);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }
}
