import type { Context } from '../app/context.js';

/**
 * The share of a runner's slots (config.jobConcurrency) that deliveries to
 * any one server may hold at once: a server that answers slowly, or not at
 * all until the timeout, then holds at most half of them, and the other half
 * keep delivering to everyone else however long its backlog.
 */
export const HOST_SHARE = 0.5;

/** Deliveries to one server at once in a process of `concurrency` job slots (at least one). */
export function hostSlotLimit(concurrency: number): number {
  return Math.max(1, Math.floor(concurrency * HOST_SHARE));
}

/** Until a server's deliveries have been timed, one is taken to last this long. */
const FIRST_GUESS_MS = 1000;
const MIN_WAIT_MS = 100;
const MAX_WAIT_MS = 15 * 60_000;
/** Servers whose pace is remembered. */
const KEEP_HOSTS = 10_000;

interface HostState {
  running: number;
  /** Moving average of its deliveries' durations. */
  avgMs: number;
  /** When the last delivery sent away is expected to find a free slot (ms, this process's clock). */
  nextAt: number;
}

export type HostSlot = { release(): void } | { waitMs: number };

/**
 * Per-server delivery slots of one process. `take` gives a slot, or says how
 * long to wait before asking again: the deliveries turned away are spread
 * over the time the server's own pace says its slots will free
 * (average duration ÷ slots each), so that a backlog of a thousand comes back
 * in order, about once each, rather than all at every poll.
 */
export class HostSlots {
  readonly #hosts = new Map<string, HostState>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(host: string): HostSlot {
    const t = this.now();
    let h = this.#hosts.get(host);
    if (!h) {
      h = { running: 0, avgMs: FIRST_GUESS_MS, nextAt: t };
      this.#hosts.set(host, h);
    }
    if (h.running >= this.limit) {
      h.nextAt = Math.max(t, h.nextAt) + h.avgMs / this.limit;
      return { waitMs: Math.round(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, h.nextAt - t))) };
    }
    h.running += 1;
    const state = h;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        state.running -= 1;
        state.avgMs = 0.8 * state.avgMs + 0.2 * Math.max(1, this.now() - t);
        if (state.running > 0) return;
        // Idle: kept for its timing, most recent last; past KEEP_HOSTS servers the longest idle is forgotten.
        this.#hosts.delete(host);
        this.#hosts.set(host, state);
        if (this.#hosts.size > KEEP_HOSTS) {
          for (const [name, h] of this.#hosts) {
            if (h.running === 0) {
              this.#hosts.delete(name);
              break;
            }
          }
        }
      },
    };
  }

  /** Deliveries to `host` running now (tests, inspection). */
  running(host: string): number {
    return this.#hosts.get(host)?.running ?? 0;
  }
}

const slotsOf = new WeakMap<Context, HostSlots>();

/** The context's delivery slots, sized from its job concurrency. */
export function hostSlots(ctx: Context): HostSlots {
  let s = slotsOf.get(ctx);
  if (!s) {
    s = new HostSlots(hostSlotLimit(ctx.config.jobConcurrency));
    slotsOf.set(ctx, s);
  }
  return s;
}
