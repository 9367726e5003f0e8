import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Create, Note } from '@fedify/vocab';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/sign-up.js';
import { testConfig } from '../../src/app/config.js';
import { createContext } from '../../src/app/context.js';
import { connect } from '../../src/db/connect.js';
import { federationOf } from '../../src/federation/federation.js';
import { sendActivity } from '../../src/federation/send.js';
import { buildApp } from '../../src/http/app.js';
import { listJobs } from '../../src/jobs/jobs.repository.js';
import { DIALECTS, freshConnection } from '../dialects.js';
import { freePort, startPeer } from '../fedify-peer.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-fed-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function databaseFor(dialect: 'sqlite' | 'postgres'): Promise<string> {
  if (dialect === 'sqlite') return join(dir, `kill-${Date.now()}.sqlite`);
  const { connection } = await freshConnection('postgres');
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(connection.db);
  await connection.close();
  return `postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3D${rows[0]?.s}`;
}

/** `govblog worker` as its own process, from sources, for the provider at publicUrl; resolves once it runs. */
async function worker(db: string, publicUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'worker', '--db', db, '--provider', new URL(publicUrl).host, '--public-url', publicUrl, '--allow-private-peers', '--log-level', 'warn'], {
    cwd: process.cwd(),
    env: { ...process.env, GOVBLOG_JOB_LEASE_MS: '1500', GOVBLOG_FEDERATION: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  child.stdout?.on('data', (b: Buffer) => (seen += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (seen += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${seen}`)), 60_000);
    const check = setInterval(() => {
      if (seen.includes('running background work')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${seen}`)));
  });
  return child;
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', r));
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(DIALECTS)('federation delivery across kill -9 (%s)', (dialect) => {
  it('a delivery whose worker is killed -9 mid-POST is sent again by another worker once the lease ends, signed and verified', async () => {
    const db = await databaseFor(dialect);
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const peer = await startPeer();
    // The provider's web side, in this process: the peer fetches the sender's key from it.
    const ctx = await createContext(testConfig({ db, publicUrl, provider: `127.0.0.1:${port}`, allowPrivatePeers: true, jobs: false, federation: true }), { connection: connect(db) });
    const app = await buildApp(ctx);
    await app.listen({ port, host: '127.0.0.1' });
    try {
      const u = await createUser(ctx, { username: 'organ', role: 'user' });
      const c = federationOf(ctx)!.federation.createContext(new URL(publicUrl));
      const note = new Note({ id: new URL(`${publicUrl}/users/organ/statuses/1`), attribution: c.getActorUri('organ'), content: '<p>停水通知</p>' });
      const create = new Create({ id: new URL(`${publicUrl}/users/organ/statuses/1/activity`), actor: c.getActorUri('organ'), object: note });
      await sendActivity(ctx, { accountId: Number(u.id), activity: (await create.toJsonLd()) as Record<string, unknown>, to: [{ id: `${peer.origin}/users/alice`, inbox: `${peer.origin}/users/alice/inbox` }] });

      // The peer takes the POST and never answers: the worker is caught mid-delivery, then killed.
      peer.hold();
      const first = await worker(db, publicUrl);
      await until(() => peer.posts >= 1, 20_000);
      const [job] = await listJobs(ctx.db, { kind: 'federation.outbox' });
      expect(job).toMatchObject({ state: 'running', attempts: 1 });
      first.kill('SIGKILL');
      await exited(first);
      peer.release();

      const second = await worker(db, publicUrl);
      try {
        await until(() => peer.received.length >= 1, 20_000);
        expect(peer.received.map((a) => a.id?.href)).toEqual([`${publicUrl}/users/organ/statuses/1/activity`]);
        await until(async () => (await listJobs(ctx.db)).length === 0, 10_000);
      } finally {
        second.kill('SIGTERM');
        await exited(second);
      }
    } finally {
      await app.close();
      await ctx.close();
      await peer.close();
    }
  }, 90_000);
});
