import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStreamingAPIClient, type mastodon } from 'masto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/http.js';
import { TEST_PG_URL } from '../../test/pg-url.js';
import { type OpenSocket, openEventStream, openSocket } from '../../test/streams.js';

/**
 * The streaming API across processes, run as a user runs the provider (from
 * sources, through tsx): `serve --workers 2` on SQLite (events through the
 * primary), two `serve` over one PostgreSQL schema (LISTEN/NOTIFY), and two
 * `serve` over one SQLite file with `--redis` (Redis pub/sub). In each, the
 * streams are open on one process and the posts are made through another.
 */
const dir = mkdtempSync(join(tmpdir(), 'govblog-streaming-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `govblog serve …` and resolves with its base URL once it listens. */
async function serve(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--port', '0', '--rate-limit', 'off', '--log-level', 'warn', '--provider', 'streams.example', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on (http:\/\/\S+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return /listening on (http:\/\/\S+)/.exec(output)![1]!;
}

/** One request on its own connection (so that node:cluster spreads them over the workers). */
async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function people(base: string) {
  const app = await call(base, 'POST', '/api/v1/apps', undefined, { client_name: 'streams', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' });
  const tok = await call(base, 'POST', '/oauth/token', undefined, { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: 'read write follow' });
  const signUp = async (username: string) => {
    const r = await call(base, 'POST', '/api/v1/accounts', tok.json.access_token, { username, email: `${username}@example.cn`, password: 'correct horse 1', agreement: true });
    expect(r.status).toBe(200);
    const me = await call(base, 'GET', '/api/v1/accounts/verify_credentials', r.json.access_token);
    return { token: r.json.access_token as string, id: me.json.id as string, username };
  };
  const organ = await signUp('jinanfabu');
  const reader = await signUp('shimin');
  expect((await call(base, 'POST', `/api/v1/accounts/${organ.id}/follow`, reader.token)).status).toBe(200);
  return { organ, reader };
}

/** The first event of a masto.js subscription that passes `test`. */
async function firstEvent(sub: AsyncIterable<mastodon.streaming.Event>, test: (e: mastodon.streaming.Event) => boolean): Promise<mastodon.streaming.Event> {
  for await (const e of sub) if (test(e)) return e;
  throw new Error('the stream ended');
}

/**
 * Streams opened on `streamsAt` (WebSockets, one through masto.js, and event
 * streams) all receive a post and a notification made through `postAt`.
 */
async function deliversAcross(streamsAt: string, postAt: string, expectWorkers: boolean) {
  const { organ, reader } = await people(postAt);
  const sockets: OpenSocket[] = [];
  for (let i = 0; i < 4; i++) sockets.push(await openSocket(streamsAt, { token: reader.token, query: { stream: 'user' }, protocol: i % 2 === 0 }));
  const sse = [];
  for (let i = 0; i < 4; i++) sse.push(await openEventStream(streamsAt, '/api/v1/streaming/user', reader.token, { connection: 'close' }));
  if (expectWorkers) {
    expect(new Set(sockets.map((s) => s.worker)).size, 'WebSockets on both workers').toBe(2);
    expect(new Set(sse.map((s) => s.res.headers.get('x-govblog-worker'))).size, 'event streams on both workers').toBe(2);
  }
  const masto = createStreamingAPIClient({ streamingApiUrl: streamsAt.replace(/^http/, 'ws'), accessToken: reader.token, retry: false });
  const viaMasto = masto.user.subscribe();
  const mastoUpdate = firstEvent(viaMasto, (e) => e.event === 'update');
  // Give masto.js time to connect and subscribe (it backs off before its first attempt), then post.
  await new Promise((r) => setTimeout(r, 1500));

  const post = await call(postAt, 'POST', '/api/v1/statuses', organ.token, { status: '跨进程的推送' });
  expect(post.status).toBe(200);
  for (const s of [...sockets, ...sse]) expect((await s.inbox.next((m) => m.event === 'update', 10_000)).payload).toMatchObject({ id: post.json.id, content: '<p>跨进程的推送</p>' });
  expect(await mastoUpdate).toMatchObject({ event: 'update', payload: { id: post.json.id } });

  const mention = await call(postAt, 'POST', '/api/v1/statuses', organ.token, { status: `@${reader.username} 请查收` });
  expect(mention.status).toBe(200);
  for (const s of [...sockets, ...sse]) expect((await s.inbox.next((m) => m.event === 'notification', 10_000)).payload).toMatchObject({ type: 'mention', status: { id: mention.json.id } });
  masto.close();
  for (const s of sockets) s.ws.close();
  for (const s of sse) s.close();
}

describe('streaming across processes', () => {
  it('serve --workers 2 on SQLite: a stream on either worker gets what was posted through the other (through the primary)', async () => {
    const base = await serve(['--workers', '2', '--db', join(dir, 'workers.sqlite')]);
    await deliversAcross(base, base, true);
  }, 90_000);

  it('two serve processes over one PostgreSQL schema (LISTEN/NOTIFY)', async () => {
    const schema = `${process.env.GOVBLOG_TEST_RUN ?? 'gbt_manual'}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema "${schema}"`);
    await admin.end();
    const url = `${TEST_PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const a = await serve(['--db', url]);
    const b = await serve(['--db', url]);
    await deliversAcross(a, b, false);
  }, 90_000);

  it('two serve processes over one SQLite file with --redis (Redis pub/sub)', async () => {
    const db = join(dir, 'redis.sqlite');
    const redis = 'redis://127.0.0.1:6379';
    const a = await serve(['--db', db, '--redis', redis]);
    const b = await serve(['--db', db, '--redis', redis]);
    await deliversAcross(a, b, false);
  }, 90_000);

  it('serve --workers 2 with --redis: when Redis goes away, the workers pass events through the primary, and nothing between them is lost', async () => {
    const port = await freePort();
    const redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      const base = await serve(['--workers', '2', '--db', join(dir, 'workers-redis.sqlite'), '--redis', `redis://127.0.0.1:${port}`]);
      const { organ, reader } = await people(base);
      const sockets: OpenSocket[] = [];
      for (let i = 0; i < 4; i++) sockets.push(await openSocket(base, { token: reader.token, query: { stream: 'user' } }));
      expect(new Set(sockets.map((s) => s.worker)).size, 'WebSockets on both workers').toBe(2);
      const postAndReceive = async (text: string) => {
        const post = await call(base, 'POST', '/api/v1/statuses', organ.token, { status: text });
        expect(post.status).toBe(200);
        for (const s of sockets) expect((await s.inbox.next((m) => m.event === 'update' && m.payload?.id === post.json.id, 10_000)).payload).toMatchObject({ content: `<p>${text}</p>` });
      };
      // Through Redis first, then with Redis killed: both posts reach the streams of both workers.
      await postAndReceive('经由Redis的推送');
      const gone = once(redisServer, 'exit');
      redisServer.kill('SIGKILL');
      await gone;
      await new Promise((r) => setTimeout(r, 500));
      await postAndReceive('Redis停止后的推送');
      await postAndReceive('Redis停止后的第二条推送');
      for (const s of sockets) s.ws.close();
    } finally {
      if (redisServer.exitCode === null && redisServer.signalCode === null) redisServer.kill('SIGKILL');
    }
  }, 90_000);
});
