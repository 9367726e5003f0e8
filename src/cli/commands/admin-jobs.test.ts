import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../app/config.js';
import { createContext } from '../../app/context.js';
import { connect } from '../../db/connect.js';
import { enqueueNow } from '../../jobs/enqueue.js';
import { PermanentJobError, startJobRunner } from '../../jobs/runner.js';
import { type CliIO, main } from '../main.js';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const dir = mkdtempSync(join(tmpdir(), 'govblog-jobs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('govblog admin jobs', () => {
  it('refuses an unknown state (exit 2), lists dead jobs with their error, and queues them again', async () => {
    const db = join(dir, 'jobs.sqlite');
    const bad = capture();
    expect(await main(['admin', 'jobs', '--db', db, '--state', 'lost'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/--state: must be one of queued, running, dead/);

    const ctx = await createContext(testConfig({ db }), { connection: connect(db) });
    await enqueueNow(ctx, [{ kind: 'test.broken', payload: { n: 1 } }, { kind: 'test.waiting', payload: {} }]);
    await startJobRunner(ctx, [{ kind: 'test.broken', run: async () => { throw new PermanentJobError('the push service said 400'); } }], { start: false }).runDue();
    await ctx.db.destroy();

    const io = capture();
    expect(await main(['admin', 'jobs', '--db', db], io)).toBe(0);
    expect(JSON.parse(io.stdout[0] as string)).toEqual({ counts: { queued: 1, running: 0, dead: 1 } });
    expect(JSON.parse(io.stdout[1] as string)).toMatchObject({ kind: 'test.broken', state: 'dead', attempts: 1, last_error: 'attempt 1: the push service said 400', payload: { n: 1 } });
    expect(io.stdout).toHaveLength(2);

    const again = capture();
    expect(await main(['admin', 'jobs', '--db', db, '--requeue-dead'], again)).toBe(0);
    expect(again.stdout).toEqual(['{"requeued":1}']);
    const after = capture();
    await main(['admin', 'jobs', '--db', db, '--state', 'queued'], after);
    expect(JSON.parse(after.stdout[0] as string)).toEqual({ counts: { queued: 2, running: 0, dead: 0 } });
  });
});
