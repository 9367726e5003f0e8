/**
 * Federation's figures (issue 14), one JSON line each:
 *
 *   npx tsx bench/federation.ts [--part inbox|queue|fanout|all] [--dialect sqlite|postgres|both]
 *
 * inbox: signed activities a second one provider process accepts at its
 *   shared inbox, HTTP signatures checked (goal 500/s), and the same with the
 *   check skipped (Fedify's `skipSignatureVerification`, bench only): the
 *   difference is what the check costs. The provider runs in a child process
 *   (bench/federation-server.ts); this process is the remote server: a Fedify
 *   actor whose key the provider fetches (once: Fedify caches it in the KV
 *   store), and the client. Every request is signed before the clock starts
 *   (each its own Date, Digest and activity id), then POSTed with bounded
 *   concurrency.  --activities 3000 --connections 32 [--no-jobs: the provider only
 *   takes the activities; their inbox jobs stay queued, as for a separate worker]
 *
 * queue: 1,000 deliveries to a slow server (answers after --slow-ms 2000)
 *   queued ahead of 10 to a fast one, run by one job runner of
 *   config.jobConcurrency (--concurrency 4): how long the fast server waits.
 *
 * fanout: an organ's post reaching --followers 10000 followers spread over
 *   three other providers (one delivery per server, shared inboxes), until it
 *   is in every follower's home timeline (goal 2 s). See fanoutPart().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { type Federation, MemoryKvStore, createFederation, generateCryptoKeyPair, signRequest } from '@fedify/fedify';
import { Person } from '@fedify/vocab';
import { createUser } from '../src/accounts/sign-up.js';
import { createContext } from '../src/app/context.js';
import type { Config } from '../src/app/config.js';
import type { Context } from '../src/app/context.js';
import { transaction } from '../src/app/transaction.js';
import { actorKeyPairs } from '../src/federation/keys.js';
import { queueActivity } from '../src/federation/send.js';
import { JOB_HANDLERS } from '../src/jobs/background.js';
import { countJobs } from '../src/jobs/jobs.repository.js';
import { startJobRunner } from '../src/jobs/runner.js';
import { localStatusUri } from '../src/accounts/local-uris.js';
import { type BenchDialect, type BenchDatabase, benchDatabase, dialectsOf, flag, insertChunked, numberOption, option, providerConfig, settle } from './bench-db.js';

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (x: number, places = 1) => Math.round(x * 10 ** places) / 10 ** places;
const say = (line: string) => process.stderr.write(`${line}\n`);
const print = (figures: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(figures)}\n`);

/** A loopback HTTP server that answers every request 202 after `delayMs`, noting when each POST came. */
async function answeringServer(delayMs: number): Promise<{ url: string; posts: number[]; close(): Promise<void> }> {
  const posts: number[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      const answer = () => {
        if (req.method === 'POST') posts.push(performance.now());
        res.writeHead(202, { 'content-type': 'text/plain' }).end('');
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    posts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A federating provider's config over a bench database. */
export function federatingConfig(base: Config, overrides: Partial<Config> = {}): Config {
  return { ...base, federation: true, allowPrivatePeers: true, ...overrides };
}

function noteActivity(publicUrl: string, username: string, n: number, to: string): Record<string, unknown> {
  const actor = `${publicUrl}/users/${username}`;
  const id = `${actor}/statuses/${n}`;
  return {
    '@context': 'https://www.w3.org/ns/activitystreams',
    id: `${id}/activity`,
    type: 'Create',
    actor,
    to: [to],
    object: { id, type: 'Note', attributedTo: actor, to: [to], content: `<p>第${n}号通告</p>`, published: '2012-06-01T00:00:00Z' },
  };
}

/**
 * Queue: SLOW deliveries to one server that takes `slowMs` to answer, then
 * FAST to another, all queued at once before the runner starts. Measured:
 * when the fast server has its deliveries (from the runner's start), and how
 * many slow ones had been answered by then; the same fast deliveries with no
 * backlog for comparison. Bounded by --cap-s (a held-up queue would
 * otherwise take SLOW × slowMs / concurrency).
 */
async function queuePart(dialect: BenchDialect): Promise<void> {
  const slowCount = numberOption('slow', 1000);
  const fastCount = numberOption('fast', 10);
  const slowMs = numberOption('slow-ms', 2000);
  const concurrency = numberOption('concurrency', 4);
  const capMs = numberOption('cap-s', 120) * 1000;
  for (const backlog of [false, true]) {
    const bench = await benchDatabase(dialect, 'fedqueue');
    const slow = await answeringServer(slowMs);
    const fast = await answeringServer(0);
    let ctx: Context | null = null;
    try {
      const config = federatingConfig(bench.config, { jobConcurrency: concurrency });
      ctx = await createContext(config, bench.schema ? { schema: bench.schema } : {});
      const c = ctx;
      const organ = await createUser(c, { username: 'organ', role: 'user' });
      const accountId = Number(organ.id);
      await actorKeyPairs(c, accountId); // made before the clock starts (RSA key generation takes seconds on a busy machine)
      const recipient = (url: string) => [{ id: `${url}/users/reader`, inbox: `${url}/users/reader/inbox` }];
      const n = backlog ? slowCount : 0;
      await transaction(c, async (trx) => {
        for (let i = 0; i < n; i++) await queueActivity(c, trx, c.clock.now(), { accountId, activity: noteActivity(config.publicUrl, 'organ', i, `${slow.url}/users/reader`), to: recipient(slow.url) });
      });
      // The runner turns the slow sends into 1,000 deliveries (and starts on them); once they are all queued, the fast ones come.
      const runner = startJobRunner(c, JOB_HANDLERS, { concurrency, pollMs: 200 });
      const f0 = performance.now();
      while ((await c.db.selectFrom('jobs').select('id').where('kind', '=', 'federation.fanout').limit(1).execute()).length > 0) await new Promise((r) => setTimeout(r, 50));
      const fanoutMs = round(performance.now() - f0);
      const slowBefore = slow.posts.length;
      const t0 = performance.now();
      await transaction(c, async (trx) => {
        for (let i = 0; i < fastCount; i++) await queueActivity(c, trx, c.clock.now(), { accountId, activity: noteActivity(config.publicUrl, 'organ', n + i, `${fast.url}/users/reader`), to: recipient(fast.url) });
      });
      while (fast.posts.length < fastCount && performance.now() - t0 < capMs) await new Promise((r) => setTimeout(r, 20));
      const fastDoneMs = fast.posts.length >= fastCount ? round(fast.posts[fastCount - 1]! - t0) : null;
      const figures = {
        bench: 'federation.queue',
        dialect,
        slow_deliveries: n,
        slow_answer_ms: slowMs,
        fast_deliveries: fastCount,
        job_concurrency: concurrency,
        fast_first_ms: fast.posts.length > 0 ? round(fast.posts[0]! - t0) : null,
        fast_all_ms: fastDoneMs,
        fast_delivered: fast.posts.length,
        slow_fanout_ms: fanoutMs,
        slow_answered_before_fast_queued: slowBefore,
        slow_answered_by_then: slow.posts.length,
        cap_ms: capMs,
        held_up_bound_ms: Math.round((n * slowMs) / concurrency),
      };
      print(figures);
      say(
        `federation queue ${dialect}: ${n} slow (${slowMs} ms) ahead of ${fastCount} fast, concurrency ${concurrency}: fast ones ${fastDoneMs === null ? `not all delivered within ${capMs / 1000} s (${fast.posts.length})` : `all delivered after ${fastDoneMs} ms`}; ${slow.posts.length} slow answered by then`,
      );
      await runner.stop();
      say(`  jobs left: ${JSON.stringify(await countJobs(c.db))}`);
    } finally {
      await ctx?.close();
      await slow.close();
      await fast.close();
      await bench.drop();
    }
  }
}

/**
 * CPU time a process has used so far (user + system, ms), from /proc (Linux): the figure that a shared,
 * loaded machine disturbs least, where throughput moves with the other processes' load.
 */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

/** A free loopback port. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Runs bench/federation-server.ts; resolves once it listens. */
async function startServer(args: readonly string[]): Promise<ChildProcess> {
  // GOVBLOG_BENCH_CPU_PROF=DIR: each provider process writes a V8 CPU profile there when it stops (node --cpu-prof).
  const prof = process.env.GOVBLOG_BENCH_CPU_PROF;
  const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', 'bench/federation-server.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the provider did not start: ${seen}`)), 60_000);
    const onData = (b: Buffer) => {
      seen += b.toString();
      if (seen.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the provider exited with ${code}: ${seen}`)));
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

/** The remote server of the inbox part: one actor whose key the provider fetches, served by Fedify on loopback. */
async function remoteActor(): Promise<{ origin: string; actorId: string; keyId: URL; privateKey: Awaited<ReturnType<typeof generateCryptoKeyPair>>["privateKey"]; close(): Promise<void> }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  const federation: Federation<void> = createFederation<void>({ kv: new MemoryKvStore(), origin, allowPrivateAddress: true });
  federation
    .setActorDispatcher('/users/{identifier}', async (c, identifier) => {
      if (identifier !== 'sender') return null;
      const k = await c.getActorKeyPairs(identifier);
      return new Person({ id: c.getActorUri(identifier), preferredUsername: identifier, inbox: c.getInboxUri(identifier), publicKey: k[0]?.cryptographicKey ?? null });
    })
    .setKeyPairsDispatcher((_c, identifier) => (identifier === 'sender' ? [pair] : []));
  federation.setInboxListeners('/users/{identifier}/inbox', '/inbox');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
      void federation.fetch(new Request(`${origin}${req.url}`, { method: req.method, headers, body }), { contextData: undefined }).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const actorId = `${origin}/users/sender`;
  return {
    origin,
    actorId,
    keyId: new URL(`${actorId}#main-key`),
    privateKey: pair.privateKey,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface Signed {
  headers: Record<string, string>;
  body: string;
}

/** `count` Creates from the remote actor to the provider's shared inbox, each signed on its own (Date, Digest, id). */
async function presign(remote: Awaited<ReturnType<typeof remoteActor>>, inbox: string, count: number, tag: string): Promise<Signed[]> {
  const out: Signed[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${remote.actorId}/statuses/${tag}-${i}`;
    const body = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${id}/activity`,
      type: 'Create',
      actor: remote.actorId,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: { id, type: 'Note', attributedTo: remote.actorId, to: ['https://www.w3.org/ns/activitystreams#Public'], content: `<p>第${i}号通告</p>`, published: new Date().toISOString() },
    });
    const req = await signRequest(new Request(inbox, { method: 'POST', headers: { 'content-type': 'application/activity+json', accept: 'application/activity+json' }, body }), remote.privateKey, remote.keyId);
    out.push({ headers: Object.fromEntries(req.headers), body });
  }
  return out;
}

/** POSTs them, `connections` at a time; latencies in ms and the statuses. */
async function post(inbox: string, batch: readonly Signed[], connections: number): Promise<{ ms: number[]; statuses: Map<number, number>; seconds: number }> {
  const ms: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const i = next++;
        if (i >= batch.length) return;
        const one = batch[i]!;
        const s0 = performance.now();
        const res = await fetch(inbox, { method: 'POST', headers: one.headers, body: one.body });
        await res.arrayBuffer();
        ms.push(performance.now() - s0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return { ms, statuses, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Inbox: for each mode (signatures checked, then skipped), a fresh database and
 * provider process; 20 requests first (the key fetched and cached), then the
 * batch, timed. Accepted = answered 202. Then how long its background work
 * takes to run the inbox jobs the batch queued.
 */
async function inboxPart(dialect: BenchDialect): Promise<void> {
  const count = numberOption('activities', 3000);
  const connections = numberOption('connections', 32);
  // --no-jobs: the provider only takes activities (its inbox jobs wait for a worker elsewhere), to tell taking from handling.
  const jobsHere = !flag('no-jobs');
  const remote = await remoteActor();
  try {
    for (const mode of ['check', 'skip'] as const) {
      const bench = await benchDatabase(dialect, 'fedinbox');
      const setup = await bench.open();
      await setup.close();
      const port = await freePort();
      const inbox = `http://127.0.0.1:${port}/inbox`;
      const server = await startServer([bench.config.db, bench.schema ?? '-', String(port), mode, jobsHere ? 'jobs' : 'nojobs']);
      try {
        const warm = await post(inbox, await presign(remote, inbox, 20, `${mode}-warm`), 4);
        if ((warm.statuses.get(202) ?? 0) !== 20) throw new Error(`warm-up: ${JSON.stringify([...warm.statuses])}`);
        const s0 = performance.now();
        const batch = await presign(remote, inbox, count, mode);
        const signMs = (performance.now() - s0) / count;
        const cpu0 = cpuMsOf(server.pid);
        const run = await post(inbox, batch, connections);
        const accepted = run.statuses.get(202) ?? 0;
        const ctx = await bench.open();
        const d0 = performance.now();
        for (;;) {
          if (!jobsHere) break;
          const left = await ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'federation.inbox').where('state', '!=', 'dead').executeTakeFirstOrThrow();
          if (Number(left.n) === 0 || performance.now() - d0 > 120_000) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const drainMs = round(performance.now() - d0);
        const cpu1 = cpuMsOf(server.pid);
        await ctx.close();
        const figures = {
          bench: 'federation.inbox',
          dialect,
          signatures: mode === 'check' ? 'checked' : 'skipped',
          inbox_jobs: jobsHere ? 'run by the same process' : 'left queued (--no-jobs)',
          activities: count,
          connections,
          accepted,
          statuses: Object.fromEntries(run.statuses),
          accepted_per_second: Math.round(accepted / run.seconds),
          p50_ms: round(percentile(run.ms, 50)),
          p99_ms: round(percentile(run.ms, 99)),
          inbox_jobs_drained_after_ms: drainMs,
          // The provider's CPU time for taking and handling each activity (its inbox jobs included), and what that allows on one core.
          provider_cpu_ms_each: cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) / count, 2),
          one_core_bound_per_second: cpu0 === null || cpu1 === null || cpu1 === cpu0 ? null : Math.round((1000 * count) / (cpu1 - cpu0)),
          load_average_1m: round(loadavg()[0]!, 2),
          client_sign_ms_each: round(signMs, 2),
          goal_per_second: 500,
        };
        print(figures);
        say(`federation inbox ${dialect} (signatures ${figures.signatures}): ${figures.accepted_per_second}/s accepted, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms; inbox jobs done ${drainMs} ms after the last POST; provider CPU ${figures.provider_cpu_ms_each} ms an activity (load ${figures.load_average_1m})`);
      } finally {
        await stopServer(server);
        await bench.drop();
      }
    }
  } finally {
    await remote.close();
  }
}

/** One provider of the fanout part: its database, its `serve`-like child process, and a context over the same database for setting up and checking. */
interface Provider {
  bench: BenchDatabase;
  url: string;
  host: string;
  child: ChildProcess;
  ctx: Context;
}

async function startProvider(dialect: BenchDialect, name: string): Promise<Provider> {
  const bench = await benchDatabase(dialect, name);
  const setup = await bench.open(); // migrated once, before the server opens it
  await setup.close();
  const port = await freePort();
  const child = await startServer([bench.config.db, bench.schema ?? '-', String(port), 'check']);
  const config = providerConfig(bench.config.db, port);
  const ctx = await createContext(config, bench.schema ? { schema: bench.schema } : {});
  return { bench, url: config.publicUrl, host: config.provider, child, ctx };
}

/** The POSTs a provider's inboxes have had so far (bench/federation-server.ts counts them). */
async function inboxPostsOf(p: Provider): Promise<{ shared: number; personal: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${p.host} did not say its inbox count`)), 5000);
    let seen = '';
    const onData = (b: Buffer) => {
      seen += b.toString();
      const m = /inbox-posts (\{[^\n]*\})/.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      p.child.stdout?.off('data', onData);
      resolve(JSON.parse(m[1]!) as { shared: number; personal: number });
    };
    p.child.stdout?.on('data', onData);
    p.child.kill('SIGUSR2');
  });
}

async function stopProvider(p: Provider): Promise<void> {
  await stopServer(p.child).catch(() => {});
  await p.ctx.close().catch(() => {});
  await p.bench.drop().catch(() => {});
}

/** A call of a provider's client API as the organ's or a citizen's app makes it. */
async function api(base: string, token: string, method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, capMs = 30_000): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (performance.now() - t0 > capMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The follower's n-th clone: its name in every field that names the template (citizen0), and its own Follow id. */
function cloneName(value: string, n: number): string {
  return value.replace(/citizen0(?![0-9])/g, `citizen${n}`).replace(/#follows\/\d+$/, `#follows/${1_000_000 + n}`);
}

function cloneRow<T extends Record<string, unknown>>(row: T, n: number, overrides: Partial<T>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (k !== 'id') out[k] = typeof v === 'string' ? cloneName(v, n) : v;
  return { ...out, ...overrides } as T;
}

/**
 * The population of the fanout part, as the real code stores it: on each
 * receiver, one citizen (citizen0) resolves the organ by handle and follows
 * it through the client API, so that the Follow and its Accept go between
 * the servers and store both sides (the sender's remote account with its
 * shared inbox and the follow with the Follow's id; the receiver's remote
 * organ and its follow). The other followers are clones of those rows
 * (names, actor ids, inboxes and Follow ids renamed; the shared inbox the
 * same), inserted in bulk on both sides, with the counters set.
 */
async function populateFanout(sender: Provider, receivers: readonly Provider[], organToken: string, organId: number, total: number): Promise<{ remoteOrganIds: number[]; shares: number[] }> {
  const remoteOrganIds: number[] = [];
  const shares = receivers.map((_, i) => Math.floor(total / receivers.length) + (i < total % receivers.length ? 1 : 0));
  for (const [i, r] of receivers.entries()) {
    const c0 = await createUser(r.ctx, { username: 'citizen0', role: 'user' });
    const found = await api(r.url, c0.access_token, 'GET', `/api/v2/search?q=${encodeURIComponent(`@organ@${sender.host}`)}&resolve=true&type=accounts`);
    const organHere = (found.accounts as { id: string; acct: string }[]).find((a) => a.acct === `organ@${sender.host}`);
    if (!organHere) throw new Error(`${r.host} could not resolve the organ: ${JSON.stringify(found)}`);
    const remoteOrganId = Number(organHere.id);
    remoteOrganIds.push(remoteOrganId);
    await api(r.url, c0.access_token, 'POST', `/api/v1/accounts/${organHere.id}/follow`, {});
    const localFollow = await until(`the follow on ${r.host}`, () =>
      r.ctx.db.selectFrom('follows').selectAll().where('account_id', '=', Number(c0.id)).where('target_account_id', '=', remoteOrganId).executeTakeFirst(),
    );
    const remoteCitizen = await until(`the remote follower on the sender`, () =>
      sender.ctx.db.selectFrom('accounts').selectAll().where('username_key', '=', `citizen0@${r.host}`).executeTakeFirst(),
    );
    const remoteFollow = await until(`the sender's follow from ${r.host}`, () =>
      sender.ctx.db.selectFrom('follows').selectAll().where('account_id', '=', Number(remoteCitizen.id)).where('target_account_id', '=', organId).executeTakeFirst(),
    );
    if (!remoteCitizen.shared_inbox_url) throw new Error(`the sender stored no shared inbox for ${r.host}'s follower`);
    const localCitizen = (await r.ctx.db.selectFrom('accounts').selectAll().where('id', '=', Number(c0.id)).executeTakeFirstOrThrow()) as Record<string, unknown>;
    const share = shares[i]!;
    const clones = Array.from({ length: share - 1 }, (_, k) => k + 1);

    // The receiver: local citizens, each following the remote organ.
    const lastLocal = Number(localCitizen.id);
    await insertChunked(r.ctx, 'accounts', clones.map((n) => cloneRow(localCitizen, n, { email: null, following_count: 1 } as never)) as never, 500);
    const localIds = (await r.ctx.db.selectFrom('accounts').select(['id', 'username']).where('id', '>', lastLocal).where('domain', 'is', null).execute()).map((a) => ({ id: Number(a.id), n: Number(a.username.replace('citizen', '')) }));
    await insertChunked(r.ctx, 'follows', localIds.map((a) => cloneRow(localFollow as Record<string, unknown>, a.n, { account_id: a.id } as never)) as never, 1000);
    await r.ctx.db.updateTable('accounts').set({ followers_count: share }).where('id', '=', remoteOrganId).execute();

    // The sender: the same citizens as remote accounts (inbox and shared inbox), each following the organ.
    const lastRemote = (await sender.ctx.db.selectFrom('accounts').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m;
    await insertChunked(sender.ctx, 'accounts', clones.map((n) => cloneRow(remoteCitizen as Record<string, unknown>, n, {} as never)) as never, 300);
    const remoteIds = (await sender.ctx.db.selectFrom('accounts').select(['id', 'username']).where('id', '>', Number(lastRemote)).execute()).map((a) => ({ id: Number(a.id), n: Number(a.username.replace('citizen', '')) }));
    await insertChunked(sender.ctx, 'follows', remoteIds.map((a) => cloneRow(remoteFollow as Record<string, unknown>, a.n, { account_id: a.id } as never)) as never, 1000);
  }
  await sender.ctx.db.updateTable('accounts').set({ followers_count: total }).where('id', '=', organId).execute();
  for (const p of [sender, ...receivers]) await settle(p.ctx, ['accounts', 'follows']);
  void organToken;
  return { remoteOrganIds, shares };
}

/**
 * Fanout: an organ on one provider posts (POST /api/v1/statuses); three other
 * providers hold --followers 10000 of its followers between them, each a
 * local citizen following the remote organ. All four are `serve`-like child
 * processes (bench/federation-server.ts: federation on, loopback peers,
 * background work running), each on its own database of --dialect. Timed:
 * from the POST until the status is stored on every receiver. The receiver
 * stores a remote status and writes it into its local followers' home feeds
 * in one transaction (insertRemoteStatus → fanOut), so the moment the status
 * row is visible, every feed row is too: the poll asks each receiver for the
 * status by its ActivityPub id every 20 ms, and once it is there, a full
 * check counts the feed rows of that status among the organ's followers there
 * (all of them must have it). A warm-up post first (the receivers fetch the
 * organ's key once), then --runs posts; the figure is their median.
 */
async function fanoutPart(dialect: BenchDialect): Promise<void> {
  const total = numberOption('followers', 10_000);
  const runs = numberOption('runs', 5);
  const providers: Provider[] = [];
  try {
    for (const name of ['fansend', 'fanrecv1', 'fanrecv2', 'fanrecv3']) providers.push(await startProvider(dialect, name));
    const [sender, ...receivers] = providers as [Provider, ...Provider[]];
    const organ = await createUser(sender.ctx, { username: 'organ', role: 'user' });
    const p0 = performance.now();
    const { remoteOrganIds, shares } = await populateFanout(sender, receivers, organ.access_token, Number(organ.id), total);
    say(`federation fanout ${dialect}: ${total} followers on ${receivers.length} providers (${shares.join(', ')}) set up in ${Math.round(performance.now() - p0)} ms`);
    const times: number[] = [];
    const perReceiver: number[][] = [];
    const deliveriesPerRun: number[][] = [];
    for (let run = 0; run <= runs; run++) {
      const load = loadavg()[0]!;
      const postsBefore = await Promise.all(receivers.map(inboxPostsOf));
      const t0 = performance.now();
      const posted = await api(sender.url, organ.access_token, 'POST', '/api/v1/statuses', { status: `第${run}号通告：全市中小学明日起放寒假` });
      const uri = localStatusUri(sender.ctx.config, 'organ', posted.id as string);
      const arrived: (number | null)[] = receivers.map(() => null);
      const statusIds: number[] = receivers.map(() => 0);
      await until(`the post on every receiver (run ${run})`, async () => {
        await Promise.all(
          receivers.map(async (r, i) => {
            if (arrived[i] !== null) return;
            const row = await r.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri).executeTakeFirst();
            if (row) {
              arrived[i] = performance.now() - t0;
              statusIds[i] = Number(row.id);
            }
          }),
        );
        return arrived.every((a) => a !== null);
      });
      const elapsed = Math.max(...(arrived as number[]));
      // The full check: every follower of the organ on every receiver has the status in its home feed.
      for (const [i, r] of receivers.entries()) {
        const followers = await r.ctx.db.selectFrom('follows').select((eb) => eb.fn.countAll<number>().as('n')).where('target_account_id', '=', remoteOrganIds[i]!).executeTakeFirstOrThrow();
        const fed = await r.ctx.db
          .selectFrom('feeds')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status_id', '=', statusIds[i]!)
          .where('account_id', 'in', (eb) => eb.selectFrom('follows').select('account_id').where('target_account_id', '=', remoteOrganIds[i]!))
          .executeTakeFirstOrThrow();
        if (Number(followers.n) !== shares[i] || Number(fed.n) !== shares[i]) throw new Error(`${r.host}: ${fed.n} of ${followers.n} followers have the post (expected ${shares[i]})`);
      }
      // One delivery a server: the POSTs each receiver's inboxes had for this post.
      await new Promise((r) => setTimeout(r, 200)); // a second delivery would come at once
      const postsAfter = await Promise.all(receivers.map(inboxPostsOf));
      const posts = postsAfter.map((a, i) => ({ shared: a.shared - postsBefore[i]!.shared, personal: a.personal - postsBefore[i]!.personal }));
      deliveriesPerRun.push(posts.map((x) => x.shared + x.personal));
      say(`  run ${run}${run === 0 ? ' (warm-up)' : ''}: in all ${total} home timelines after ${Math.round(elapsed)} ms (receivers ${arrived.map((a) => Math.round(a!)).join(', ')} ms; inbox POSTs ${posts.map((x) => `${x.shared} shared + ${x.personal} personal`).join(', ')}), load ${load.toFixed(2)}`);
      if (run > 0) {
        times.push(elapsed);
        perReceiver.push(arrived as number[]);
      }
    }
    const deliveries = await sender.ctx.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'dead').executeTakeFirstOrThrow();
    print({
      bench: 'federation.fanout',
      dialect,
      followers: total,
      receivers: receivers.length,
      per_receiver: shares,
      runs,
      median_ms: round(percentile(times, 50)),
      min_ms: round(Math.min(...times)),
      max_ms: round(Math.max(...times)),
      each_ms: times.map((t) => Math.round(t)),
      dead_jobs_on_sender: Number(deliveries.n),
      inbox_posts_per_receiver_each_run: deliveriesPerRun.slice(1),
      goal_ms: 2000,
      load_average_1m: round(loadavg()[0]!, 2),
    });
  } finally {
    for (const p of providers) await stopProvider(p);
  }
}

async function main(): Promise<void> {
  const part = option('part') ?? 'all';
  const dialects = dialectsOf(option('dialect') ?? 'sqlite');
  for (const dialect of dialects) {
    if (part === 'inbox' || part === 'all') await inboxPart(dialect);
    if (part === 'queue' || part === 'all') await queuePart(dialect);
    if (part === 'fanout' || part === 'all') await fanoutPart(dialect);
  }
}

await main();
