import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/sign-up.js';
import { findAccountById } from '../../src/accounts/accounts.repository.js';
import { testConfig } from '../../src/app/config.js';
import { type Context, createContext } from '../../src/app/context.js';
import { transaction } from '../../src/app/transaction.js';
import { connect } from '../../src/db/connect.js';
import { listJobs } from '../../src/jobs/jobs.repository.js';
import { authenticate } from '../../src/oauth/authenticate.js';
import { mintToken } from '../../src/oauth/tokens.js';
import { subscribePush } from '../../src/push/subscribe.js';
import { notify } from '../../src/social/notify.js';
import { DIALECTS } from '../dialects.js';
import { type GovblogProcess, peerDatabase, spawnGovblog } from '../peers.js';
import { pushReceiver } from '../push-receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `govblog worker` as its own process, from sources; resolves once it runs. */
function worker(db: string, env: Record<string, string> = {}): Promise<GovblogProcess> {
  return spawnGovblog(['worker', '--db', db, '--provider', 'weibo.example', '--allow-private-peers', '--log-level', 'warn'], { ready: 'running background work', env: { GOVBLOG_JOB_LEASE_MS: '1500', ...env } });
}

function databaseFor(dialect: 'sqlite' | 'postgres', name: string): Promise<string> {
  return peerDatabase(dialect, dir, name);
}

/** Two accounts, the first subscribed to push at the receiver; one follow notification queued. */
async function onePushQueued(ctx: Context, endpoint: string, keys: { p256dh: string; auth: string }): Promise<void> {
  const me = await createUser(ctx, { username: 'pushed', role: 'user' });
  const fan = await createUser(ctx, { username: 'fan', role: 'user' });
  const account = (await findAccountById(ctx.db, Number(me.id)))!;
  const token = await transaction(ctx, (trx) => mintToken(ctx, trx, { appId: null, accountId: account.id, scopes: ['push'] }));
  const actor = (await authenticate(ctx, token.access_token))!;
  await subscribePush(ctx, { account, operator: null, tokenId: actor.tokenId }, { endpoint, p256dh: keys.p256dh, auth: keys.auth, standard: true, alerts: { follow: true }, policy: 'all', bearer: token.access_token });
  await transaction(ctx, (trx) => notify(trx, [{ accountId: account.id, fromAccountId: Number(fan.id), type: 'follow', at: new Date().toISOString() }]));
}

/** Resolves with the exit code once the child has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

describe.each(DIALECTS)('govblog worker (%s)', (dialect) => {
  it('an idle worker keeps running until it is told to stop', async () => {
    // Its timers hold nothing open: on SQLite an idle worker once exited by itself after its first empty poll.
    const w = await worker(await databaseFor(dialect, 'idle'));
    await new Promise((r) => setTimeout(r, 3000));
    expect(w.exitCode).toBeNull();
    w.kill('SIGTERM');
    expect(await exited(w)).toBe(0);
    expect(w.output()).toContain('govblog worker stopped');
  }, 60_000);

  it('a push whose worker is killed -9 mid-delivery is delivered by another once the lease ends', async () => {
    const db = await databaseFor(dialect, 'kill');
    const receiver = await pushReceiver();
    const ctx = await createContext(testConfig({ db, allowPrivatePeers: true }), { connection: connect(db) });
    try {
      await onePushQueued(ctx, receiver.endpoint('k'), receiver.keys);
      // The push service takes the request and never answers: the first worker is caught mid-job.
      receiver.hold();
      const first = await worker(db);
      await receiver.waitFor(1, 15_000);
      expect(receiver.received).toHaveLength(1);
      expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'running', attempts: 1 });
      first.kill('SIGKILL');
      await exited(first);
      receiver.release();
      const second = await worker(db);
      try {
        await receiver.waitFor(2, 15_000);
        expect(receiver.failures).toEqual([]);
        expect(receiver.received).toHaveLength(2);
        expect(receiver.received[1]?.payload.notification_id).toBe(receiver.received[0]?.payload.notification_id);
        const until = Date.now() + 5000;
        while ((await listJobs(ctx.db)).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        expect(await listJobs(ctx.db)).toEqual([]);
      } finally {
        second.kill('SIGTERM');
        await exited(second);
      }
    } finally {
      await ctx.db.destroy();
      await receiver.close();
    }
  }, 60_000);

  it('SIGTERM: stops taking jobs, hands back the one it could not finish, and exits 0', async () => {
    const db = await databaseFor(dialect, 'term');
    const receiver = await pushReceiver();
    const ctx = await createContext(testConfig({ db, allowPrivatePeers: true }), { connection: connect(db) });
    try {
      await onePushQueued(ctx, receiver.endpoint('t'), receiver.keys);
      receiver.hold();
      const w = await worker(db, { GOVBLOG_JOB_LEASE_MS: '60000' });
      await receiver.waitFor(1, 15_000);
      w.kill('SIGTERM');
      expect(await exited(w)).toBe(0);
      expect(w.output()).toContain('govblog worker stopped');
      // Released, not left leased for a minute: the next worker takes it at once.
      expect((await listJobs(ctx.db))[0]).toMatchObject({ state: 'queued', attempts: 0, claim: null });
    } finally {
      await ctx.db.destroy();
      await receiver.close();
    }
  }, 60_000);
});
