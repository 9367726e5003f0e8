import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import { testConfig } from '../app/config.js';
import { type Context, createContext } from '../app/context.js';
import { transaction } from '../app/transaction.js';
import { connect } from '../db/connect.js';
import { DIALECTS, freshConnection, testContext } from '../../test/dialects.js';
import { TEST_PG_URL } from '../../test/pg-url.js';
import { enqueue, enqueueNow } from './enqueue.js';
import { claimJobs, countJobs, deleteClaimedJob, insertJobs, listJobs, requeueDeadJobs } from './jobs.repository.js';
import { JOBS_CHANNEL } from './wake.js';
import { DeferJobError, type JobHandler, PermanentJobError, RetryJobError, startJobRunner } from './runner.js';

const T0 = '2026-12-01T08:00:00.000Z';

describe.each(DIALECTS)('the job queue (%s)', (dialect) => {
  let ctx: Context;
  const clock = fixedClock(T0);
  beforeAll(async () => {
    ctx = await testContext(dialect, {}, clock);
  });
  afterAll(async () => {
    await ctx?.close();
  });
  afterEach(async () => {
    await ctx.db.deleteFrom('jobs').execute();
    clock.set(T0);
  });

  /** A handler that records what it ran and fails as told. */
  function recorder(kind: string, behave: (attempt: number) => void = () => {}) {
    const ran: { payload: unknown; attempt: number }[] = [];
    const handler: JobHandler = {
      kind,
      retry: { baseMs: 1000, capMs: 60_000 },
      async run(_ctx, payload, job) {
        ran.push({ payload, attempt: job.attempt });
        behave(job.attempt);
      },
    };
    return { ran, handler };
  }

  it('queues nothing when the transaction that asked rolls back', async () => {
    await expect(
      transaction(ctx, async (trx) => {
        await enqueue(trx, ctx.clock.now(), [{ kind: 'test.a', payload: { n: 1 } }]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await countJobs(ctx.db)).toEqual({ queued: 0, running: 0, dead: 0 });
  });

  it('runs a due job once and deletes it; a job not yet due waits', async () => {
    const { ran, handler } = recorder('test.a');
    await enqueueNow(ctx, [{ kind: 'test.a', payload: { n: 1 } }, { kind: 'test.a', payload: { n: 2 }, runAt: new Date(Date.parse(T0) + 60_000) }]);
    const runner = startJobRunner(ctx, [handler], { start: false });
    expect(await runner.runDue()).toBe(1);
    expect(ran).toEqual([{ payload: { n: 1 }, attempt: 1 }]);
    expect(await runner.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await runner.runDue()).toBe(1);
    expect(ran.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await countJobs(ctx.db)).toEqual({ queued: 0, running: 0, dead: 0 });
  });

  it('retries a failing job with jittered exponential backoff, then keeps it dead after its last attempt', async () => {
    const { ran, handler } = recorder('test.flaky', () => {
      throw new Error('push service down');
    });
    await enqueueNow(ctx, [{ kind: 'test.flaky', payload: {}, maxAttempts: 4 }]);
    const runner = startJobRunner(ctx, [handler], { start: false, random: () => 0.999 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await runner.runDue()).toBe(1);
      const [job] = await listJobs(ctx.db);
      if (attempt < 4) {
        expect(job?.state).toBe('queued');
        const wait = Date.parse(job!.run_at) - clock.now().getTime();
        waits.push(wait);
        // Not before its time.
        clock.advance(wait - 1);
        expect(await runner.runDue()).toBe(0);
        clock.advance(1);
      } else {
        expect(job).toMatchObject({ state: 'dead', attempts: 4, last_error: 'attempt 4: push service down' });
      }
    }
    // base 1 s doubling: ceilings 1, 2, 4 s, the wait just under each (random 0.999).
    expect(waits).toEqual([999, 1998, 3996]);
    expect(ran.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    // Dead is kept for inspection, not run again, and can be queued afresh.
    clock.advance(3_600_000);
    expect(await runner.runDue()).toBe(0);
    expect(await requeueDeadJobs(ctx.db, clock.now().toISOString())).toBe(1);
    expect(await runner.runDue()).toBe(1);
  });

  it("waits at least as long as a handler's Retry-After, and a permanent failure is dead at once", async () => {
    const slow = recorder('test.slow', () => {
      throw new RetryJobError('429', 30_000);
    });
    const broken = recorder('test.broken', () => {
      throw new PermanentJobError('400 from the push service');
    });
    await enqueueNow(ctx, [
      { kind: 'test.slow', payload: {} },
      { kind: 'test.broken', payload: {} },
    ]);
    const runner = startJobRunner(ctx, [slow.handler, broken.handler], { start: false, random: () => 0 });
    expect(await runner.runDue()).toBe(2);
    const jobs = await listJobs(ctx.db);
    expect(jobs.find((j) => j.kind === 'test.slow')).toMatchObject({ state: 'queued', run_at: new Date(Date.parse(T0) + 30_000).toISOString() });
    expect(jobs.find((j) => j.kind === 'test.broken')).toMatchObject({ state: 'dead', attempts: 1, last_error: 'attempt 1: 400 from the push service' });
  });

  it('a deferred job is handed back untried: due again after its delay, its attempt not counted, its last error untouched', async () => {
    let defer = true;
    const busy = recorder('test.busy', () => {
      if (defer) throw new DeferJobError('its server has its share of slots', 5000);
    });
    await enqueueNow(ctx, [{ kind: 'test.busy', payload: { n: 1 }, maxAttempts: 1 }]);
    const runner = startJobRunner(ctx, [busy.handler], { start: false });
    for (let i = 0; i < 3; i++) {
      expect(await runner.runDue()).toBe(1);
      expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'queued', attempts: 0, claim: null, last_error: null, run_at: new Date(clock.now().getTime() + 5000).toISOString() });
      expect(await runner.runDue()).toBe(0);
      clock.set(new Date(clock.now().getTime() + 5000).toISOString());
    }
    defer = false;
    // Deferred three times, yet its one attempt is still there.
    expect(await runner.runDue()).toBe(1);
    expect(await countJobs(ctx.db)).toEqual({ queued: 0, running: 0, dead: 0 });
    expect(busy.ran.map((r) => r.attempt)).toEqual([1, 1, 1, 1]);
  });

  it('takes again a job whose worker died holding it, once its lease ends, and the dead claim can no longer finish it', async () => {
    const { ran, handler } = recorder('test.a');
    await enqueueNow(ctx, [{ kind: 'test.a', payload: { n: 7 } }]);
    // A worker claims it and is killed before it finishes (nothing releases it).
    const [lost] = await claimJobs(ctx.db, ctx.dialect, { kinds: ['test.a'], now: T0, leaseUntil: new Date(Date.parse(T0) + 60_000).toISOString(), claim: 'killed', limit: 10 });
    expect(lost).toMatchObject({ state: 'running', attempts: 1 });
    const runner = startJobRunner(ctx, [handler], { start: false, leaseMs: 60_000 });
    clock.advance(59_999);
    expect(await runner.runDue()).toBe(0);
    clock.advance(1);
    expect(await runner.runDue()).toBe(1);
    expect(ran).toEqual([{ payload: { n: 7 }, attempt: 2 }]);
    expect(await deleteClaimedJob(ctx.db, lost!.id, 'killed')).toBe(false);
  });

  it('a job whose worker dies on every attempt ends dead rather than killing workers for ever', async () => {
    const { ran, handler } = recorder('test.a');
    await enqueueNow(ctx, [{ kind: 'test.a', payload: {}, maxAttempts: 2 }]);
    for (let i = 0; i < 2; i++) {
      await claimJobs(ctx.db, ctx.dialect, { kinds: ['test.a'], now: clock.now().toISOString(), leaseUntil: new Date(clock.now().getTime() + 1000).toISOString(), claim: `killed${i}`, limit: 1 });
      clock.advance(1000);
    }
    const runner = startJobRunner(ctx, [handler], { start: false });
    expect(await runner.runDue()).toBe(1);
    expect(ran).toEqual([]);
    expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'dead', last_error: 'attempt 3: the worker of its last attempt (2 of 2) stopped before it finished' });
  });

  it('on stop, hands back a job still running past the grace period, its attempt not counted', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const handler: JobHandler = {
      kind: 'test.long',
      run: (_ctx, _p, job) =>
        new Promise((_resolve, reject) => {
          started();
          job.signal.addEventListener('abort', () => reject(job.signal.reason));
        }),
    };
    await enqueueNow(ctx, [{ kind: 'test.long', payload: {} }]);
    const runner = startJobRunner(ctx, [handler], { start: false, graceMs: 50 });
    void runner.runDue();
    await running;
    await runner.stop();
    expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'queued', attempts: 0, claim: null });
  });

  it('claims only the kinds it handles', async () => {
    await enqueueNow(ctx, [{ kind: 'test.other', payload: {} }]);
    const { handler } = recorder('test.a');
    const runner = startJobRunner(ctx, [handler], { start: false });
    expect(await runner.runDue()).toBe(0);
    expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it.each([
    ['incoming activities', 'federation.inbox', 'federation.fanout'],
    ['deliveries', 'federation.outbox', 'federation.inbox'],
  ])('a flood of %s queued first does not keep another kind waiting: the next free slot goes to it', async (_what, flood, other) => {
    const live = { ...ctx, clock: { now: () => new Date() } };
    const started: string[] = [];
    const gates: (() => void)[] = [];
    let opened = false;
    const floodHandler: JobHandler = {
      kind: flood,
      async run() {
        started.push(flood);
        if (!opened) await new Promise<void>((r) => gates.push(r));
      },
    };
    const otherHandler: JobHandler = {
      kind: other,
      async run() {
        started.push(other);
      },
    };
    const past = (ms: number) => new Date(Date.now() - ms);
    // Twenty of the flood, all due before the one other job.
    await enqueueNow(live, [...Array.from({ length: 20 }, () => ({ kind: flood, payload: {}, runAt: past(60_000) })), { kind: other, payload: {}, runAt: past(1000) }]);
    const runner = startJobRunner(live, [floodHandler, otherHandler], { concurrency: 2, pollMs: 60_000 });
    const waitFor = async (ok: () => boolean) => {
      const until = Date.now() + 5000;
      while (!ok() && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      await waitFor(() => gates.length === 2);
      expect(started).toEqual([flood, flood]);
      gates.shift()?.(); // one slot frees up: the other kind takes it, not the third of the flood
      await waitFor(() => started.length >= 3);
      expect(started.slice(0, 3)).toEqual([flood, flood, other]);
      // The other one done, the flood has every slot again.
      await waitFor(() => gates.length === 2);
      expect(started).toEqual([flood, flood, other, flood]);
    } finally {
      opened = true;
      for (const g of gates.splice(0)) g();
      await runner.stop();
    }
  });

  it('a started runner runs what this process queues at once, without waiting for its poll', async () => {
    const { ran, handler } = recorder('test.a');
    // The real clock here: the runner's own timers run.
    const live = { ...ctx, clock: { now: () => new Date() } };
    const runner = startJobRunner(live, [handler], { pollMs: 60_000 });
    try {
      await enqueueNow(live, [{ kind: 'test.a', payload: { n: 1 } }]);
      const until = Date.now() + 5000;
      while (ran.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(ran).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });
});

describe.runIf(DIALECTS.includes('postgres'))('claims racing on PostgreSQL', () => {
  let schema: string;
  const contexts: Context[] = [];
  beforeAll(async () => {
    const fresh = await freshConnection('postgres');
    schema = fresh.schema as string;
    const first = await createContext(testConfig({ db: TEST_PG_URL }), { connection: fresh.connection });
    contexts.push(first);
    // Three more processes' worth of connections to the same database.
    for (let i = 0; i < 3; i++) contexts.push(await createContext(testConfig({ db: TEST_PG_URL }), { connection: connect(TEST_PG_URL, { schema, poolSize: 4 }) }));
  });
  afterAll(async () => {
    for (const c of contexts) await c.db.destroy();
  });

  it('never gives one job to two claimers', async () => {
    const [first] = contexts as [Context];
    await enqueueNow(first, Array.from({ length: 400 }, (_, n) => ({ kind: 'test.race', payload: { n } })));
    const now = new Date().toISOString();
    const lease = new Date(Date.now() + 60_000).toISOString();
    // 40 claims of 10 at once, spread over four pools.
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) => claimJobs((contexts[i % 4] as Context).db, 'postgres', { kinds: ['test.race'], now, leaseUntil: lease, claim: `c${i}`, limit: 10 })),
    );
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    await first.db.deleteFrom('jobs').execute();
  });

  it('a runner in another process hears of new jobs at their commit (NOTIFY), without waiting for its poll', async () => {
    const [first, other] = contexts as [Context, Context];
    const ran: unknown[] = [];
    const runner = startJobRunner(other, [{ kind: 'test.notify', run: async (_c, p) => void ran.push(p) }], { pollMs: 60_000 });
    try {
      // Let its LISTEN connection come up, and its first look (at an empty queue) pass.
      await new Promise((r) => setTimeout(r, 500));
      const at = Date.now();
      // Queued as another process would: the row and its NOTIFY, no in-process wake-up.
      const now = new Date().toISOString();
      await insertJobs(first.db, [{ kind: 'test.notify', payload: '{"n":1}', maxAttempts: 5, runAt: now }], now);
      await sql`select pg_notify(${JOBS_CHANNEL}, '')`.execute(first.db);
      while (ran.length === 0 && Date.now() - at < 5000) await new Promise((r) => setTimeout(r, 10));
      expect(ran).toEqual([{ n: 1 }]);
    } finally {
      await runner.stop();
    }
  });

  it('four runners on four connections run each of 300 jobs exactly once', async () => {
    const [first] = contexts as [Context];
    const seen: number[] = [];
    const handler: JobHandler = {
      kind: 'test.race',
      async run(_ctx, payload) {
        seen.push((payload as { n: number }).n);
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    await enqueueNow(first, Array.from({ length: 300 }, (_, n) => ({ kind: 'test.race', payload: { n } })));
    const runners = contexts.map((c) => startJobRunner(c, [handler], { start: false, concurrency: 8 }));
    for (let round = 0; round < 100; round++) {
      const n = await Promise.all(runners.map((r) => r.runDue()));
      if (n.every((x) => x === 0)) break;
    }
    expect(seen.length).toBe(300);
    expect(new Set(seen).size).toBe(300);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from jobs`.execute(first.db);
    expect(rows[0]?.n).toBe(0);
  });
});
