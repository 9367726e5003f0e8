/**
 * What every cache of presented things shares (src/app/entity-cache.ts,
 * src/oauth/login-cache.ts, src/timelines/home-pages.ts): an epoch that every
 * forget moves on, so that a read that began before a forget cannot store what
 * it loaded (`mark`, then the subclass's fill compares), and the listeners told
 * of what this process forgot after a commit, which pass it to the other
 * processes (src/app/cache-bus.ts, src/cli/cluster.ts).
 */
export abstract class ForgettingCache {
  protected epoch = 0;
  private readonly listeners = new Set<(ids: number[]) => void>();

  /** Whether the cache keeps anything at all (a TTL or a size of 0 turns it off). */
  protected abstract get enabled(): boolean;

  /** Forgets in this process only (what another process announced); must move `epoch` on. */
  abstract forgetHere(ids: Iterable<number>): void;

  /** A mark to take before loading; pass it to the fill. */
  mark(): number {
    return this.epoch;
  }

  /** After a change has committed: forgets here, and tells the other processes. */
  forget(ids: Iterable<number>): void {
    const list = [...ids];
    this.forgetHere(list);
    if (this.enabled && list.length > 0) for (const listener of this.listeners) listener(list);
  }

  /** Someone to tell about ids this process forgets (the bus between processes); returns how to stop telling them. */
  onForget(listener: (ids: number[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
