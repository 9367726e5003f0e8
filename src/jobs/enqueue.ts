import { PostgresAdapter, sql } from 'kysely';
import type { Context } from '../app/context.js';
import { afterCommit, transaction } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { insertJobs } from './jobs.repository.js';
import { DEFAULT_JOB_RETRY } from './retry.js';
import { JOBS_CHANNEL } from './wake.js';

/** A job to queue: which handler, its input (JSON-serialisable), and optionally when and how often to try. */
export interface JobSpec {
  kind: string;
  payload: unknown;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Attempts in all (default: DEFAULT_JOB_RETRY.maxAttempts). */
  maxAttempts?: number;
}

/**
 * Runners in this process, told when work has committed here so that they
 * need not wait for their next poll. Process-wide on purpose: a use case
 * queues through its transaction, which knows no context; a runner woken for
 * another database only looks once and finds nothing.
 */
const listeners = new Set<() => void>();

/** A runner asks to be woken when this process commits new jobs; returns how to stop listening. */
export function onEnqueued(wake: () => void): () => void {
  listeners.add(wake);
  return () => listeners.delete(wake);
}

/**
 * Queues jobs inside the caller's transaction, not after it commits: the jobs
 * exist exactly when the change that asked for them does (a rolled-back
 * notification pushes nothing; a process killed just after its commit still
 * leaves the push to be sent), and no worker can see them before the commit.
 * Once it commits, runners in this process are woken at once, and on
 * PostgreSQL those of other processes too (NOTIFY); otherwise they find the
 * jobs at their next poll. `now` is the caller's clock.
 */
export async function enqueue(trx: Executor, now: Date, jobs: readonly JobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  await insertJobs(
    trx,
    jobs.map((j) => ({
      kind: j.kind,
      payload: JSON.stringify(j.payload ?? null),
      maxAttempts: j.maxAttempts ?? DEFAULT_JOB_RETRY.maxAttempts,
      runAt: (j.runAt ?? now).toISOString(),
    })),
    now.toISOString(),
  );
  // On PostgreSQL, other processes' runners are told too, by the commit itself (src/jobs/wake.ts).
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(trx);
  afterCommit(trx, () => {
    for (const wake of listeners) wake();
  });
}

/** Queues jobs in a transaction of their own (for callers with no change to commit alongside). */
export async function enqueueNow(ctx: Context, jobs: readonly JobSpec[]): Promise<void> {
  await transaction(ctx, (trx) => enqueue(trx, ctx.clock.now(), jobs));
}
