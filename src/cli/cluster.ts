import cluster, { type Worker } from 'node:cluster';
import type { Caches } from '../app/context.js';

/**
 * `serve --workers N`: N processes answer on one port (node:cluster hands
 * them connections in turn). The primary serves nothing itself: it forks the
 * workers, replaces one that dies, passes each worker's cache forgets and
 * streaming events to the others, and stops them all on SIGINT/SIGTERM.
 */

/** Messages between the primary and its workers. */
type Message =
  | { type: 'ready'; port: number }
  | { type: 'forget'; cache: keyof Caches; ids: number[] }
  /** Streaming events of one worker for the others (src/streaming/bus.ts). */
  | { type: 'stream'; text: string }
  | { type: 'stop' };

/** A worker may be going away as a message leaves for it: its exit is handled on its own. */
const ignore = () => {};

/**
 * A worker that dies before it is ready, or this soon after, is not
 * restarted: it would only die again (a bad database URL, a taken port). Its
 * start is not timed from the fork: on a busy machine loading alone can take
 * longer than this, and such a worker was restarted for ever.
 */
const EARLY_DEATH_MS = 5000;

export interface PrimaryOptions {
  workers: number;
  /** Printed once every worker listens. */
  announce: (port: number) => void;
  err: (line: string) => void;
}

/** Runs the primary until a signal stops it; resolves with the exit code. */
export function runPrimary(opts: PrimaryOptions): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let exitCode = 0;
    let ready = 0;
    const startedAt = new Map<Worker, number>();
    const index = new Map<Worker, number>();
    /**
     * Workers whose process has not exited, by our own count: node:cluster
     * takes one out of cluster.workers only once both its exit and its
     * channel's disconnect have come, in either order, so at an 'exit' it may
     * still be listed and the last exit would go unnoticed.
     */
    const live = new Set<Worker>();
    /** When each worker said it was ready (listening): one that dies before, however long its start took, never will be. */
    const readyAt = new Map<Worker, number>();

    const fork = (i: number) => {
      // Worker 0 also runs the background work (job queue, scheduled statuses): one runner, not N; more run as `govblog worker`.
      const w = cluster.fork({ GOVBLOG_WORKER_INDEX: String(i) });
      live.add(w);
      startedAt.set(w, Date.now());
      index.set(w, i);
      w.on('message', (m: Message) => {
        if (m.type === 'ready') {
          readyAt.set(w, Date.now());
          ready++;
          if (ready === opts.workers) opts.announce(m.port);
        } else if (m.type === 'forget' || m.type === 'stream') {
          for (const other of Object.values(cluster.workers ?? {})) if (other && other !== w && other.isConnected()) other.send(m, ignore);
        }
      });
    };

    cluster.on('exit', (w, code, signal) => {
      const i = index.get(w) ?? 0;
      const lived = Date.now() - (startedAt.get(w) ?? 0);
      const since = readyAt.get(w);
      readyAt.delete(w);
      startedAt.delete(w);
      index.delete(w);
      live.delete(w);
      if (stopping) {
        if (live.size === 0) resolve(exitCode);
        return;
      }
      if (since === undefined || Date.now() - since < EARLY_DEATH_MS) {
        opts.err(`govblog: worker ${i} exited ${signal ?? `with code ${code}`} within ${Math.round(lived / 100) / 10} s of starting; stopping`);
        stop(1);
        return;
      }
      opts.err(`govblog: worker ${i} exited ${signal ?? `with code ${code}`}; starting another`);
      fork(i);
    });

    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      const alive = [...live];
      if (alive.length === 0) resolve(exitCode);
      for (const w of alive) {
        if (w.isConnected()) w.send({ type: 'stop' } satisfies Message, ignore);
        const timer = setTimeout(() => w.process.kill('SIGKILL'), 10_000);
        timer.unref();
      }
    };
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
    for (let i = 0; i < opts.workers; i++) fork(i);
  });
}

/** In a worker: whether this one runs the background work. */
export function isFirstWorker(): boolean {
  return !cluster.isWorker || process.env.GOVBLOG_WORKER_INDEX === '0';
}

/**
 * In a worker: tells the primary once listening, passes what this worker's
 * caches forget to the others (through the primary) and forgets what they
 * pass back; resolves when the primary says stop.
 */
export function runWorker(port: number, caches: Caches): Promise<void> {
  for (const name of Object.keys(caches) as (keyof Caches)[]) {
    caches[name].onForget((ids) => process.send?.({ type: 'forget', cache: name, ids } satisfies Message));
  }
  process.send?.({ type: 'ready', port } satisfies Message);
  return new Promise((resolve) => {
    process.on('message', (m: Message) => {
      if (m.type === 'forget') caches[m.cache]?.forgetHere(m.ids);
      else if (m.type === 'stop') resolve();
    });
    // The primary handles signals; a worker waits for its word (or for the primary to go away).
    process.on('SIGINT', () => {});
    process.on('disconnect', () => resolve());
  });
}
