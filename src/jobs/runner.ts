import { randomBytes } from 'node:crypto';
import type { Context } from '../app/context.js';
import { onEnqueued } from './enqueue.js';
import { type JobRow, claimJobs, deferClaimedJob, deleteClaimedJob, extendLeases, failClaimedJob, hasClaimableJobs, pruneDeadJobs, releaseClaimedJobs } from './jobs.repository.js';
import { DEFAULT_JOB_RETRY, type JobRetryPolicy, afterFailure } from './retry.js';
import { listenForJobs } from './wake.js';

/** What a handler is told of the job it runs. */
export interface JobInfo {
  id: number;
  /** This attempt, from 1. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker stops: finish quickly or give up (the job is released and runs again elsewhere). */
  signal: AbortSignal;
}

/** One kind of job and what runs it. Handlers must be idempotent: a job whose worker dies mid-run runs again. */
export interface JobHandler {
  kind: string;
  run(ctx: Context, payload: unknown, job: JobInfo): Promise<void>;
  /** How its failures are retried (default DEFAULT_JOB_RETRY; the attempts themselves come from the job row). */
  retry?: Omit<JobRetryPolicy, 'maxAttempts'>;
}

/** Thrown by a handler: try again later, not before `atLeastMs` (a Retry-After). */
export class RetryJobError extends Error {
  constructor(
    message: string,
    readonly atLeastMs: number | null = null,
  ) {
    super(message);
    this.name = 'RetryJobError';
  }
}

/**
 * Thrown by a handler that will not run the job now, through no fault of the
 * job (the server it delivers to already has its share of the runner's
 * slots): it is handed back untried, due again in `delayMs`, the attempt not
 * counted, and its slot goes to the next job.
 */
export class DeferJobError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'DeferJobError';
  }
}

/** Thrown by a handler: this job can never succeed; it is dead at once (kept for inspection), not retried. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export interface RunnerOptions {
  /** Jobs run at once by this runner (default 4). */
  concurrency?: number;
  /** How often to look for due jobs when not woken (default 1 s). */
  pollMs?: number;
  /** How long a claim holds a job before another worker may take it again (default 60 s); renewed while the job runs. */
  leaseMs?: number;
  /** On stop, how long running jobs may take to finish before they are released (default 5 s, inside `serve`'s 10 s). */
  graceMs?: number;
  /** Dead jobs are deleted once this old (default 7 days). */
  keepDeadMs?: number;
  random?: () => number;
}

export interface JobRunner {
  /** Claims what is due now (up to the free slots) and runs it; resolves when those jobs are done. For tests and draining. */
  runDue(): Promise<number>;
  /** Stops claiming, lets running jobs finish within the grace period, releases the rest. */
  stop(): Promise<void>;
}

const oneLine = (err: unknown): string => {
  const e = err as { message?: unknown; name?: unknown };
  const text = typeof e?.message === 'string' ? e.message : String(err);
  return text.replace(/\s+/g, ' ').slice(0, 1000);
};

/**
 * Runs queued jobs of the kinds it has handlers for, until stopped. Any
 * number of runners, in any number of processes, may share a database: a
 * claim takes disjoint jobs (src/jobs/jobs.repository.ts), and a job whose
 * runner died (kill -9, a lost machine) is taken again once its lease ends.
 * Delivery is at least once.
 */
export function startJobRunner(ctx: Context, handlers: readonly JobHandler[], opts: RunnerOptions & { start?: boolean } = {}): JobRunner {
  const byKind = new Map(handlers.map((h) => [h.kind, h]));
  const kinds = [...byKind.keys()];
  const concurrency = opts.concurrency ?? 4;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const graceMs = opts.graceMs ?? 5000;
  const keepDeadMs = opts.keepDeadMs ?? 7 * 86_400_000;
  const random = opts.random ?? Math.random;
  const stopper = new AbortController();
  /** Running jobs: their claim, their kind and the promise of their end. */
  const running = new Map<number, { claim: string; done: Promise<void>; kind: string }>();
  let stopped = false;
  let ticking: Promise<number> | null = null;
  let again = false;

  const iso = (offsetMs = 0) => new Date(ctx.clock.now().getTime() + offsetMs).toISOString();

  async function finish(job: JobRow, claim: string, handler: JobHandler | undefined): Promise<void> {
    const attempt = job.attempts;
    try {
      if (!handler) throw new PermanentJobError(`no handler for ${job.kind}`);
      // attempts counts claims: one past the last means the last attempt's worker died before it could say how it went.
      if (attempt > job.max_attempts) throw new PermanentJobError(`the worker of its last attempt (${job.max_attempts} of ${job.max_attempts}) stopped before it finished`);
      let payload: unknown;
      try {
        payload = JSON.parse(job.payload);
      } catch {
        throw new PermanentJobError('its payload is not JSON');
      }
      await handler.run(ctx, payload, { id: job.id, attempt, maxAttempts: job.max_attempts, signal: stopper.signal });
      await deleteClaimedJob(ctx.db, job.id, claim);
    } catch (err) {
      if (stopper.signal.aborted && !(err instanceof PermanentJobError)) return; // released by stop()
      if (err instanceof DeferJobError) {
        await deferClaimedJob(ctx.db, job.id, claim, { runAt: iso(Math.max(0, err.delayMs)), now: iso() }).catch((e: unknown) => ctx.log.error({ err: e, job: job.id }, 'jobs: a deferral could not be recorded'));
        return;
      }
      const policy = { ...DEFAULT_JOB_RETRY, ...handler?.retry, maxAttempts: job.max_attempts };
      const decision = err instanceof PermanentJobError ? ({ dead: true } as const) : afterFailure(attempt, policy, random, err instanceof RetryJobError ? err.atLeastMs : null);
      const runAt = 'dead' in decision ? null : iso(decision.retryInMs);
      const error = `attempt ${attempt}: ${oneLine(err)}`;
      await failClaimedJob(ctx.db, job.id, claim, { error, runAt, now: iso() }).catch((e: unknown) => ctx.log.error({ err: e, job: job.id }, 'jobs: a failure could not be recorded'));
      if (runAt === null) ctx.log.warn({ job: job.id, kind: job.kind, error }, 'jobs: a job is dead');
      else ctx.log.info({ job: job.id, kind: job.kind, error, retryAt: runAt }, 'jobs: a job will be retried');
    }
  }

  /** Claims up to `limit` due jobs of these kinds, oldest first, and starts them. */
  async function claimOf(of: readonly string[], limit: number): Promise<number> {
    if (limit <= 0 || of.length === 0 || !(await hasClaimableJobs(ctx.db, of, iso()))) return 0;
    const claim = randomBytes(12).toString('base64url');
    const jobs = await claimJobs(ctx.db, ctx.dialect, { kinds: of, now: iso(), leaseUntil: iso(leaseMs), claim, limit });
    for (const job of jobs) {
      const done = finish(job, claim, byKind.get(job.kind)).finally(() => {
        running.delete(job.id);
        wake();
      });
      running.set(job.id, { claim, done, kind: job.kind });
    }
    return jobs.length;
  }

  /**
   * Fills the free slots. Kinds with no job running here are served first, then
   * every kind in due order: a flood of one kind (a burst of incoming
   * activities, a thousand deliveries) holds the slots it has, but the next
   * free slot goes to a due job of another kind, so that no kind waits
   * behind another's backlog (a post's fan-out behind the inbox, or the
   * reverse). Alone, one kind still gets every slot.
   */
  async function claimAndRun(): Promise<number> {
    if (stopped || kinds.length === 0 || concurrency - running.size <= 0) return 0;
    const busy = new Set([...running.values()].map((r) => r.kind));
    const idle = busy.size === 0 ? [] : kinds.filter((k) => !busy.has(k));
    const first = await claimOf(idle, concurrency - running.size);
    return first + (await claimOf(kinds, stopped ? 0 : concurrency - running.size));
  }

  /** One claim at a time; a wake during a claim claims again after it. */
  function tick(): Promise<number> {
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = claimAndRun()
      .catch((err: unknown) => {
        ctx.log.error({ err }, 'jobs: could not claim jobs');
        return 0;
      })
      .finally(() => {
        ticking = null;
        if (again && !stopped) {
          again = false;
          void tick();
        }
      });
    return ticking;
  }

  function wake(): void {
    if (!stopped && opts.start !== false) void tick();
  }

  const timers: NodeJS.Timeout[] = [];
  let unlisten = () => {};
  let listener: { close(): Promise<void> } | null = null;
  if (opts.start !== false) {
    unlisten = onEnqueued(wake);
    if (ctx.dialect === 'postgres') listener = listenForJobs(ctx.config.db, wake, ctx.log);
    timers.push(setInterval(wake, pollMs));
    // A long job keeps its lease: renewed three times per lease.
    timers.push(
      setInterval(() => {
        const byClaim = new Map<string, number[]>();
        for (const [id, r] of running) byClaim.set(r.claim, [...(byClaim.get(r.claim) ?? []), id]);
        for (const [claim, ids] of byClaim) {
          extendLeases(ctx.db, ids, claim, iso(leaseMs), iso()).catch((err: unknown) => ctx.log.error({ err }, 'jobs: leases could not be renewed'));
        }
      }, Math.max(10, Math.floor(leaseMs / 3))),
    );
    timers.push(
      setInterval(() => {
        pruneDeadJobs(ctx.db, iso(-keepDeadMs)).catch((err: unknown) => ctx.log.error({ err }, 'jobs: dead jobs could not be pruned'));
      }, 3_600_000),
    );
    for (const t of timers) t.unref();
    wake();
  }

  return {
    async runDue() {
      const n = await tick();
      await Promise.all([...running.values()].map((r) => r.done));
      return n;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      unlisten();
      await listener?.close();
      for (const t of timers) clearInterval(t);
      await ticking;
      const all = Promise.all([...running.values()].map((r) => r.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      if (running.size === 0) return;
      // Still running past the grace period: handed back untried, for another worker (or the next start).
      stopper.abort(new Error('the worker is stopping'));
      const byClaim = new Map<string, number[]>();
      for (const [id, r] of running) byClaim.set(r.claim, [...(byClaim.get(r.claim) ?? []), id]);
      for (const [claim, ids] of byClaim) {
        const n = await releaseClaimedJobs(ctx.db, ids, claim, iso()).catch(() => 0);
        ctx.log.info({ released: n }, 'jobs: unfinished jobs handed back on stop');
      }
    },
  };
}
