import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../app/context.js';
import { startJobRunner } from '../jobs/runner.js';
import { DIALECTS, testContext } from '../../test/dialects.js';
import { FEDERATION_JOB_ATTEMPTS, FEDERATION_JOB_KINDS, JobMessageQueue } from './message-queue.js';
import { durationMs } from './temporal.js';

/** Fedify's queues over the job queue: a message is a job of its kind, delayed as asked, and it outlives a worker that dies running it. */
describe.each(DIALECTS)('JobMessageQueue (%s)', (dialect) => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await testContext(dialect, { federation: true });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('queues each message as a job of its own kind, with the delay Fedify asks for', async () => {
    const outbox = new JobMessageQueue(ctx, FEDERATION_JOB_KINDS.outbox);
    const before = Date.now();
    await outbox.enqueue({ type: 'outbox', n: 1 });
    await outbox.enqueueMany([{ n: 2 }, { n: 3 }], { delay: durationMs(60_000) });
    const jobs = await ctx.db.selectFrom('jobs').selectAll().orderBy('id').execute();
    expect(jobs.map((j) => [j.kind, JSON.parse(j.payload), Number(j.max_attempts)])).toEqual([
      ['federation.outbox', { type: 'outbox', n: 1 }, FEDERATION_JOB_ATTEMPTS],
      ['federation.outbox', { n: 2 }, FEDERATION_JOB_ATTEMPTS],
      ['federation.outbox', { n: 3 }, FEDERATION_JOB_ATTEMPTS],
    ]);
    expect(Date.parse(jobs[1]!.run_at) - before).toBeGreaterThanOrEqual(59_000);
    await ctx.db.deleteFrom('jobs').execute();
  });

  it('runs a message again when the worker that claimed it died mid-job (its lease ran out)', async () => {
    const inbox = new JobMessageQueue(ctx, FEDERATION_JOB_KINDS.inbox);
    const handled: unknown[] = [];
    const stopper = new AbortController();
    void inbox.listen(async (m) => void handled.push(m), { signal: stopper.signal });
    await inbox.enqueue({ activity: 'Follow', id: 'https://peer.example/f/1' });

    // The first worker claims it and never finishes: as a process killed with -9 would, it neither
    // completes, fails nor renews its lease (start: false runs no renewal timer).
    let claimed!: () => void;
    const wasClaimed = new Promise<void>((r) => (claimed = r));
    const dying = startJobRunner(ctx, [{ kind: inbox.kind, run: () => (claimed(), new Promise<void>(() => {})) }], { start: false, leaseMs: 200 });
    void dying.runDue();
    await wasClaimed;
    expect(handled).toEqual([]);
    const running = await ctx.db.selectFrom('jobs').select(['state', 'attempts']).executeTakeFirstOrThrow();
    expect([running.state, Number(running.attempts)]).toEqual(['running', 1]);

    // Another worker, once the lease is over, takes it and hands it to Fedify's handler.
    await new Promise((r) => setTimeout(r, 300));
    const survivor = startJobRunner(ctx, [{ kind: inbox.kind, run: (_c, payload) => inbox.deliver(payload) }], { start: false, leaseMs: 200 });
    expect(await survivor.runDue()).toBe(1);
    expect(handled).toEqual([{ activity: 'Follow', id: 'https://peer.example/f/1' }]);
    expect(await ctx.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    await survivor.stop();
    stopper.abort();
    expect(inbox.listening).toBe(false);
  });
});

/** Deliveries go only to public https inboxes unless --allow-private-peers: an inbox on loopback is dropped, not sent to. */
describe('federation.outbox jobs and private addresses', () => {
  it('refuses an inbox on loopback or over http when private peers are not allowed', async () => {
    const { FEDERATION_JOB_HANDLERS } = await import('./jobs.js');
    const ctx = await testContext('sqlite', { federation: true, allowPrivatePeers: false });
    try {
      const outbox = FEDERATION_JOB_HANDLERS.find((h) => h.kind === FEDERATION_JOB_KINDS.outbox)!;
      const job = { id: 1, attempt: 1, maxAttempts: 3, signal: new AbortController().signal };
      await expect(outbox.run(ctx, { inbox: 'https://127.0.0.1:8443/inbox' }, job)).rejects.toThrow(/private or loopback/);
      await expect(outbox.run(ctx, { inbox: 'https://localhost/inbox' }, job)).rejects.toThrow(/private or loopback/);
      await expect(outbox.run(ctx, { inbox: 'http://peer.example/inbox' }, job)).rejects.toThrow(/not https/);
      await expect(outbox.run(ctx, { inbox: 'not a url' }, job)).rejects.toThrow(/no inbox URL/);
    } finally {
      await ctx.close();
    }
  });
});
