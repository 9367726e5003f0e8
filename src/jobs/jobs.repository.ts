import { type Selectable, sql } from 'kysely';
import type { Dialect } from '../db/connect.js';
import type { Executor } from '../db/database.js';
import type { JobState, JobsTable } from './jobs.table.js';

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  kind: string;
  payload: string;
  maxAttempts: number;
  runAt: string;
}

export async function insertJobs(db: Executor, jobs: readonly NewJob[], now: string): Promise<void> {
  if (jobs.length === 0) return;
  await db
    .insertInto('jobs')
    .values(jobs.map((j) => ({ kind: j.kind, payload: j.payload, state: 'queued' as const, max_attempts: j.maxAttempts, run_at: j.runAt, claim: null, last_error: null, created_at: now, updated_at: now })))
    .execute();
}

/** Whether any job of these kinds may be claimed now: a read, so an idle poll never takes SQLite's write lock. */
export async function hasClaimableJobs(db: Executor, kinds: readonly string[], now: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobs')
    .select('id')
    .where('state', 'in', ['queued', 'running'])
    .where('run_at', '<=', now)
    .where('kind', 'in', [...kinds])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Takes up to `limit` due jobs of these kinds, and those whose lease has run
 * out (their worker died), in one statement: each is marked running under
 * `claim`, leased until `leaseUntil`, its attempt counted. On PostgreSQL the
 * rows are locked with SKIP LOCKED, so concurrent claimers take disjoint
 * jobs without waiting on each other; SQLite runs one writing statement at a
 * time, so the same statement is already exclusive there.
 */
export async function claimJobs(
  db: Executor,
  dialect: Dialect,
  input: { kinds: readonly string[]; now: string; leaseUntil: string; claim: string; limit: number },
): Promise<JobRow[]> {
  if (input.kinds.length === 0 || input.limit <= 0) return [];
  const kinds = sql.join(input.kinds.map((k) => sql`${k}`));
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const { rows } = await sql<JobRow>`update jobs
    set state = 'running', attempts = attempts + 1, claim = ${input.claim}, run_at = ${input.leaseUntil}, updated_at = ${input.now}
    where id in (
      select id from jobs
      where state in ('queued', 'running') and run_at <= ${input.now} and kind in (${kinds})
      order by run_at, id
      limit ${input.limit}
      ${lock}
    )
    returning *`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts), max_attempts: Number(r.max_attempts) }));
}

/** The job succeeded: gone. False when the claim no longer holds it (its lease ran out and another took it). */
export async function deleteClaimedJob(db: Executor, id: number, claim: string): Promise<boolean> {
  const r = await db.deleteFrom('jobs').where('id', '=', id).where('claim', '=', claim).where('state', '=', 'running').executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The attempt failed: due again at `runAt`, or dead (`runAt` null). */
export async function failClaimedJob(db: Executor, id: number, claim: string, input: { error: string; runAt: string | null; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set(
      input.runAt === null
        ? { state: 'dead', claim: null, last_error: input.error, updated_at: input.now }
        : { state: 'queued', claim: null, last_error: input.error, run_at: input.runAt, updated_at: input.now },
    )
    .where('id', '=', id)
    .where('claim', '=', claim)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Hands claimed jobs back untried (a worker stopping): due now, and the attempt not counted. */
export async function releaseClaimedJobs(db: Executor, ids: readonly number[], claim: string, now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ state: 'queued', claim: null, run_at: now, updated_at: now, attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', [...ids])
    .where('claim', '=', claim)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A claimed job handed back untried to run later (the handler deferred it): due at `runAt`, its attempt not counted. */
export async function deferClaimedJob(db: Executor, id: number, claim: string, input: { runAt: string; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set((eb) => ({ state: 'queued', claim: null, run_at: input.runAt, updated_at: input.now, attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('claim', '=', claim)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A worker still at it keeps its jobs: their leases are pushed back. */
export async function extendLeases(db: Executor, ids: readonly number[], claim: string, leaseUntil: string, now: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('jobs').set({ run_at: leaseUntil, updated_at: now }).where('id', 'in', [...ids]).where('claim', '=', claim).where('state', '=', 'running').execute();
}

/** Jobs in a state, oldest first (inspection, tests). */
export async function listJobs(db: Executor, filter: { state?: JobState; kind?: string } = {}, limit = 100): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll().orderBy('id').limit(limit);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return q.execute();
}

/** Counts by state. */
export async function countJobs(db: Executor): Promise<Record<JobState, number>> {
  const rows = await db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const out: Record<JobState, number> = { queued: 0, running: 0, dead: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

/** Dead jobs queued again with fresh attempts (after the cause is mended). */
export async function requeueDeadJobs(db: Executor, now: string, kind?: string): Promise<number> {
  let q = db.updateTable('jobs').set({ state: 'queued', attempts: 0, run_at: now, updated_at: now }).where('state', '=', 'dead');
  if (kind) q = q.where('kind', '=', kind);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Dead jobs last touched before `before` are deleted: inspection has a horizon. */
export async function pruneDeadJobs(db: Executor, before: string): Promise<number> {
  const r = await db.deleteFrom('jobs').where('state', '=', 'dead').where('updated_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
