import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `govblog serve --workers 2` on one SQLite file, run as a user would (from
 * sources, through tsx). Every request below opens its own connection, so
 * node:cluster hands them to both workers in turn.
 */
const dir = mkdtempSync(join(tmpdir(), 'govblog-workers-'));
let child: ChildProcess;
let base = '';
let output = '';

/** One request on a new connection; `pid` is the worker that answered (its index). */
function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any; pid: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${base}${path}`,
      {
        method,
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, pid: String(res.headers['x-govblog-worker'] ?? '') });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--workers', '2', '--port', '0', '--db', join(dir, 'w.sqlite'), '--rate-limit', 'off', '--log-level', 'warn', '--provider', 'workers.example'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on (http:\/\/\S+) \(2 processes/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve --workers did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  base = /listening on (http:\/\/\S+) /.exec(output)![1]!;
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  rmSync(dir, { recursive: true, force: true });
});

async function signUp(appToken: string, username: string) {
  const r = await call('POST', '/api/v1/accounts', appToken, { username, email: `${username}@example.cn`, password: 'correct horse 1', agreement: true });
  expect(r.status).toBe(200);
  const me = await call('GET', '/api/v1/accounts/verify_credentials', r.json.access_token);
  return { token: r.json.access_token as string, id: me.json.id as string };
}

describe('serve --workers 2', () => {
  it('answers from both processes, and a change made through one shows through the other at once', async () => {
    const app = await call('POST', '/api/v1/apps', undefined, { client_name: 'workers', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' });
    const tok = await call('POST', '/oauth/token', undefined, { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: 'read write follow' });
    const organ = await signUp(tok.json.access_token, 'jinanfabu');
    const reader = await signUp(tok.json.access_token, 'shimin');
    expect((await call('POST', `/api/v1/accounts/${organ.id}/follow`, reader.token)).status).toBe(200);
    const posted = await call('POST', '/api/v1/statuses', organ.token, { status: '今日发布会' });
    expect(posted.status).toBe(200);

    // Both workers read (and cache) the page.
    const pids = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const home = await call('GET', '/api/v1/timelines/home', reader.token);
      expect(home.json[0].favourites_count).toBe(0);
      pids.add(home.pid);
    }
    expect(pids.size).toBe(2);

    expect((await call('POST', `/api/v1/statuses/${posted.json.id}/favourite`, reader.token)).status).toBe(200);
    expect((await call('PATCH', '/api/v1/accounts/update_credentials', organ.token, { display_name: '济南发布' })).status).toBe(200);
    // The relay is asynchronous (through the primary); a few milliseconds.
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 12; i++) {
      const home = await call('GET', '/api/v1/timelines/home', reader.token);
      expect(home.json[0], `worker ${home.pid}`).toMatchObject({ favourites_count: 1, favourited: true, account: { display_name: '济南发布' } });
    }
  });

  it('stops every process on SIGTERM, exit code 0', async () => {
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});

describe('serve --workers when the workers cannot start', () => {
  it('stops at once with exit code 1 and says why, instead of restarting them forever', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--workers', '2', '--port', String(port), '--db', join(dir, 'busy.sqlite'), '--rate-limit', 'off', '--log-level', 'silent'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      run.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const [code] = (await once(run, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(err).toMatch(/worker \d exited with code 1 within [\d.]+ s of starting; stopping/);
    } finally {
      taken.close();
    }
  }, 120_000);
});
