import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/sign-up.js';
import { testConfig } from '../../src/app/config.js';
import { createContext } from '../../src/app/context.js';
import { connect } from '../../src/db/connect.js';
import { DIALECTS } from '../dialects.js';
import { peerDatabase, spawnGovblog } from '../peers.js';
import { freePort } from '../http.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `govblog serve` on that database and port, as its own process. */
function serve(db: string, port: number): Promise<ChildProcess> {
  return spawnGovblog(['serve', '--db', db, '--port', String(port), '--rate-limit', 'off', '--log-level', 'warn']);
}

describe.each(DIALECTS)('kill -9 during a posting load (%s)', (dialect) => {
  it('keeps every post whose creation was acknowledged', async () => {
    const db = await peerDatabase(dialect, dir, 'kill');
    // The account that posts, made before the server starts.
    const setup = await createContext(testConfig({ db }), { connection: connect(db) });
    const { access_token: token } = await createUser(setup, { username: 'poster', role: 'user' });
    await setup.db.destroy();

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = await serve(db, port);
    const acknowledged: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${url}/api/v1/statuses`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ status: `worker ${w} post ${i}` }),
          });
          if (res.status === 200) acknowledged.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // The server is gone: what it did not answer was not acknowledged.
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(worker));
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => first.once('exit', r));
    first.kill('SIGKILL');
    stop = true;
    await load;
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await serve(db, port);
    try {
      const missing: string[] = [];
      for (const id of acknowledged) {
        const res = await fetch(`${url}/api/v1/statuses/${id}`);
        if (res.status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
      const me = (await (await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${token}` } })).json()) as { statuses_count: number };
      // Counters were written in the same transactions as the posts.
      expect(me.statuses_count).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      second.kill('SIGKILL');
    }
  }, 120_000);
});
