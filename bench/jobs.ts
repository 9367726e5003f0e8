/**
 * The job queue's throughput (src/jobs/): how many jobs a second runners
 * take, run and delete, on SQLite and PostgreSQL, with a handler that does
 * nothing (what is measured is the queue itself: the claim statement, the
 * delete, the polls). Also the cost to a use case: queueing one job inside
 * its transaction.
 *
 *   npx tsx bench/jobs.ts [--dialect sqlite|postgres|both] [--jobs 5000] [--runners 1|4]
 *
 * PostgreSQL runners each have their own pool (as separate processes would);
 * SQLite runners share the process's one connection (a second process would
 * share the file's single writer instead).
 */
import type { Context } from '../src/app/context.js';
import { transaction } from '../src/app/transaction.js';
import { createContext } from '../src/app/context.js';
import { enqueue } from '../src/jobs/enqueue.js';
import { type JobHandler, startJobRunner } from '../src/jobs/runner.js';
import { benchDatabase, dialectsOf, numberOption } from './bench-db.js';

const noop: JobHandler = { kind: 'bench.noop', run: async () => {} };

async function main(): Promise<void> {
  const total = numberOption('jobs', 5000);
  const runnersWanted = numberOption('runners', 4);
  for (const dialect of dialectsOf()) {
    const bench = await benchDatabase(dialect, 'jobs');
    const ctx = await bench.open();
    try {
      // Queueing, one job per transaction, as a use case does alongside its change.
      const q0 = performance.now();
      for (let i = 0; i < 1000; i++) await transaction(ctx, (trx) => enqueue(trx, ctx.clock.now(), [{ kind: 'bench.noop', payload: { i } }]));
      const enqueueMs = (performance.now() - q0) / 1000;
      await ctx.db.deleteFrom('jobs').execute();
      // Bulk-queued backlog, then drained by the runners.
      for (let i = 0; i < total; i += 500) {
        await transaction(ctx, (trx) => enqueue(trx, ctx.clock.now(), Array.from({ length: Math.min(500, total - i) }, (_, k) => ({ kind: 'bench.noop', payload: { n: i + k } }))));
      }
      const contexts: Context[] = [ctx];
      const runners = dialect === 'postgres' ? runnersWanted : 1;
      for (let i = 1; i < runners; i++) contexts.push(await createContext(bench.config, bench.schema ? { schema: bench.schema } : {}));
      const rs = contexts.map((c) => startJobRunner(c, [noop], { start: false, concurrency: 32 }));
      const t0 = performance.now();
      for (;;) {
        const n = await Promise.all(rs.map((r) => r.runDue()));
        if (n.every((x) => x === 0)) break;
      }
      const seconds = (performance.now() - t0) / 1000;
      for (const c of contexts.slice(1)) await c.close();
      console.log(JSON.stringify({ bench: 'jobs', dialect, jobs: total, runners, concurrency: 32, jobs_per_second: Math.round(total / seconds), enqueue_in_transaction_ms: Math.round(enqueueMs * 100) / 100 }));
    } finally {
      await ctx.close();
      await bench.drop();
    }
  }
}

await main();
