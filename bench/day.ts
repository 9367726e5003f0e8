/**
 * A day's load on one machine (issue 16): a mixed, bounded load for
 * --duration seconds against two federating providers, with a census crawl
 * running part of the time, and (--faults) kill -9 of a worker, of the whole
 * provider and of Redis during it.
 *
 * - Provider A: `govblog serve --workers 2 --redis redis://127.0.0.1:6379` on a
 *   fresh PostgreSQL schema, federation on (test/peers.ts's startPeer, as the
 *   federation tests run it). Seeded with verified organs and officials of the
 *   demo population (src/demo/seed.ts), citizens with tokens, and a first
 *   round of follows and posts through the API.
 * - Provider B: `govblog serve` on SQLite. Its residents resolve and follow
 *   some of A's organs over ActivityPub before the load starts, so every
 *   public post of those organs must arrive on B.
 * - The load: open-loop. --rate requests a second over `CLIENTS` virtual
 *   clients, each issuing its next action at a fixed schedule; a latency is
 *   measured from the scheduled time, so a stalled server shows in it rather
 *   than slowing the load (no coordinated omission). Each citizen belongs to
 *   one client, so its own writes happen in order. The mix (ACTIONS): home
 *   and public timelines, status views, notifications, posts and replies,
 *   posts with an image (POST /api/v2/media, then the status), favourites,
 *   follows and unfollows, service requests sent and listed, organs' notices,
 *   and B's residents reading their home timelines on B.
 * - Streams: a few citizens keep the user stream open over WebSocket, two
 *   clients the local public stream; each counts its updates and reconnects
 *   when dropped.
 * - `govblog census crawl` of A runs from 30% to 60% of the time, a run every
 *   30 s (each a fresh `govblog` process, as a census would start it).
 * - Every 10 s: RSS of A's primary and each worker and of B (/proc VmRSS), and
 *   each window's p50/p99 over all routes.
 * - Afterwards: every write acknowledged (2xx with an id) is looked for in
 *   the databases (statuses, media, service requests, favourites, follows
 *   in their final state), and every public notice of an organ that B's
 *   residents follow on B.
 *
 * --faults: at 20% kill -9 one worker (the primary starts another), at 45%
 * kill -9 the whole provider (primary and workers) and start it again, at
 * 70% kill -9 redis-server and start it again 5 s later. Failures while a
 * fault is being recovered from (connection refused, resets, and answers
 * until the provider is back) are counted apart from the rest.
 *
 *   npx tsx bench/day.ts [--duration 1200] [--rate 120] [--faults] [--out DIR]
 *     [--organs 3000] [--citizens 240] [--residents 24]
 *
 * Prints the per-route table on stderr and one JSON line of figures on
 * stdout; writes DIR/day-samples.json and DIR/day.svg (default DIR:
 * /tmp/govblog-day).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import WebSocket from 'ws';
import { testConfig } from '../src/app/config.js';
import { createContext } from '../src/app/context.js';
import { mulberry32 } from '../src/app/random.js';
import { createUser } from '../src/accounts/sign-up.js';
import { CHART_FONT } from '../src/census/report/charts.js';
import { connect } from '../src/db/connect.js';
import { buildPopulation } from '../src/demo/population.js';
import { REQUESTS, seedAccounts, seedStaff } from '../src/demo/seed.js';
import { mintToken } from '../src/oauth/tokens.js';
import { type Peer, childrenOf, eventually, startPeer } from '../test/peers.js';
import { PG_URL, benchDatabase, flag, numberOption, option } from './bench-db.js';

const DURATION_S = numberOption('duration', 1200);
const RATE = numberOption('rate', 120);
const FAULTS = flag('faults');
const OUT = option('out') ?? join(tmpdir(), 'govblog-day');
const ORGANS = numberOption('organs', 3000);
const CITIZENS = numberOption('citizens', 240);
const RESIDENTS = numberOption('residents', 24);
const CLIENTS = 48;
const POSTING_ORGANS = 30;
const WINDOW_MS = 10_000;
const CRAWL_GAP_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;
const REDIS_START = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', '/var/lib/redis', '--logfile', '/var/log/redis/ci.log'];

const rng = mulberry32(20121204);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

// ---- the two providers and their people --------------------------------------

interface Actor {
  id: string;
  token: string;
}
interface Citizen extends Actor {
  index: number;
  /** Organs it follows, as its last acknowledged follow or unfollow left them; `unknown` when an answer was lost. */
  follows: Map<string, 'on' | 'off' | 'unknown'>;
}

async function seedA(db: string, schema: string): Promise<{ organs: Actor[]; targets: string[]; citizens: Citizen[] }> {
  const ctx = await createContext(testConfig({ db, provider: 'a.bench', publicUrl: 'http://a.bench' }), { schema });
  try {
    const seen = new Set<string>();
    const accounts = buildPopulation()
      .accounts.filter((a) => a.closedAt === null && !seen.has(a.handle) && seen.add(a.handle))
      .slice(0, ORGANS);
    const { reviewer } = await seedStaff(ctx, '2009-08-01T00:00:00Z');
    await seedAccounts(ctx, accounts, Number(reviewer.id));
    const institutional = accounts.filter((a) => a.labels.kind === 'institutional').sort((a, b) => b.followers - a.followers).slice(0, POSTING_ORGANS);
    const organs: Actor[] = [];
    for (const a of institutional) {
      const row = await ctx.db.selectFrom('accounts').select('id').where('username', '=', a.handle).executeTakeFirstOrThrow();
      const t = await mintToken(ctx, ctx.db, { appId: null, accountId: Number(row.id), scopes: ['read', 'write', 'follow', 'push'] });
      organs.push({ id: String(row.id), token: t.access_token });
    }
    // Organs citizens may follow: the posting ones and others that do not post.
    const others = await ctx.db.selectFrom('gov_profiles').select('account_id').where('kind', '=', 'institutional').limit(200).execute();
    const targets = [...new Set([...organs.map((o) => o.id), ...others.map((o) => String(o.account_id))])];
    const citizens: Citizen[] = [];
    for (let i = 0; i < CITIZENS; i++) {
      const made = await createUser(ctx, { username: `citizen${i}`, role: 'user' });
      citizens.push({ index: i, id: made.id, token: made.access_token, follows: new Map() });
    }
    return { organs, targets, citizens };
  } finally {
    await ctx.close();
  }
}

// ---- measuring ----------------------------------------------------------------

interface RouteStats {
  latencies: number[];
  ok: number;
  s5xx: number;
  /** Other answers (4xx), by status. */
  other: Map<number, number>;
  /** No answer: refused, reset, timed out. */
  failed: number;
  /** Failures and 5xx while a fault was being recovered from. */
  duringFault: number;
}

const routes = new Map<string, RouteStats>();
const windows: number[][] = [];
/** Periods during which a fault is being recovered from, [from, to) in performance.now() time; `to` open while recovering. */
const faultWindows: { name: string; from: number; to: number; s5xx: number; noAnswer: number; s5xxExamples: string[] }[] = [];
const faultAt = (t: number) => faultWindows.find((w) => t >= w.from && t < w.to);
const inFault = (t: number) => faultAt(t) !== undefined;
const fiveXX: { route: string; status: number; body: string; at: number }[] = [];
let t0 = 0;

function statsOf(route: string): RouteStats {
  let s = routes.get(route);
  if (!s) routes.set(route, (s = { latencies: [], ok: 0, s5xx: 0, other: new Map(), failed: 0, duringFault: 0 }));
  return s;
}

interface Answer {
  status: number;
  json: any;
}

/**
 * One request of the load, timed from `scheduled`: the answer, or null when
 * none came. Counted under `route`.
 */
async function timed(route: string, scheduled: number, base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer | null> {
  const s = statsOf(route);
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | FormData | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    const end = performance.now();
    const latency = end - scheduled;
    s.latencies.push(latency);
    const w = Math.floor((scheduled - t0) / WINDOW_MS);
    (windows[w] ??= []).push(latency);
    if (res.status >= 500) {
      const f = faultAt(started) ?? faultAt(end);
      if (f) {
        s.duringFault++;
        f.s5xx++;
        if (f.s5xxExamples.length < 5) f.s5xxExamples.push(`${route} ${res.status} ${text.slice(0, 200)}`);
      } else {
        s.s5xx++;
        if (fiveXX.length < 50) fiveXX.push({ route, status: res.status, body: text.slice(0, 300), at: Math.round((end - t0) / 1000) });
      }
      return { status: res.status, json: null };
    }
    if (res.status >= 400) s.other.set(res.status, (s.other.get(res.status) ?? 0) + 1);
    else s.ok++;
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json };
  } catch {
    const f = faultAt(started) ?? faultAt(performance.now());
    if (f) {
      s.duringFault++;
      f.noAnswer++;
    } else s.failed++;
    return null;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

// ---- what was acknowledged --------------------------------------------------------

const acked = {
  statuses: [] as { id: string; uri: string; organ: string | null; visibility: string; at: number }[],
  media: [] as string[],
  requests: [] as string[],
  favourites: new Map<string, Set<string>>(),
};
/** Statuses one may view, favourite and reply to: public ones of A. */
const publicIds: string[] = [];
/** Requests whose answer did not come (the write may or may not have happened): not checked. */
let unknownWrites = 0;
/** B's residents' follows of A's organs, and how many A accepted before the load. */
let followsFromB: { asked: number; accepted: number; accepted_at_end?: number; pending?: string[] } = { asked: 0, accepted: 0 };

function notePost(a: Answer | null, organ: string | null): void {
  if (!a) {
    unknownWrites++;
    return;
  }
  if (a.status === 200 && a.json?.id) {
    acked.statuses.push({ id: String(a.json.id), uri: String(a.json.uri), organ, visibility: String(a.json.visibility), at: performance.now() });
    if (a.json.visibility === 'public') {
      publicIds.push(String(a.json.id));
      if (publicIds.length > 2000) publicIds.splice(0, 1000);
    }
  }
}

// ---- the mix ----------------------------------------------------------------

interface World {
  a: Peer;
  b: Peer;
  organs: Actor[];
  targets: string[];
  citizens: Citizen[];
  residents: Actor[];
  image: Buffer;
}

type Action = (w: World, c: Citizen, scheduled: number) => Promise<void>;

const TEXTS = ['请问社区医院周末是否开放？', '感谢及时发布信息！', '转发扩散，提醒家人注意安全。', '这条路什么时候修好？', '支持！希望多发布这样的便民信息。'];
const NOTICES = ['#便民提示# 明日上午9时至12时部分路段停水，请提前储水。', '【天气】今夜有中雪，请注意防寒保暖、出行安全。', '#政务公开# 本周五召开新闻发布会，通报前三季度经济运行情况。', '【交通】地铁2号线延长运营时间至23时。'];

/** The actions with their weights (per 100 requests, roughly: a post with an image is two). */
const ACTIONS: [number, Action][] = [
  [30, async (w, c, t) => void (await timed('GET /api/v1/timelines/home', t, w.a.url, 'GET', '/api/v1/timelines/home?limit=20', c.token))],
  [9, async (w, c, t) => void (await timed('GET /api/v1/timelines/public', t, w.a.url, 'GET', '/api/v1/timelines/public?local=true&limit=20', c.token))],
  [
    14,
    async (w, c, t) => {
      if (publicIds.length === 0) return;
      await timed('GET /api/v1/statuses/:id', t, w.a.url, 'GET', `/api/v1/statuses/${pick(publicIds)}`, c.token);
    },
  ],
  [5, async (w, c, t) => void (await timed('GET /api/v1/notifications', t, w.a.url, 'GET', '/api/v1/notifications?limit=20', c.token))],
  [
    6,
    async (w, c, t) => {
      const reply = publicIds.length > 0 && rng() < 0.5 ? pick(publicIds) : null;
      const body = { status: `${pick(TEXTS)} (${c.index}-${acked.statuses.length})`, visibility: rng() < 0.1 ? 'private' : 'public', ...(reply ? { in_reply_to_id: reply } : {}) };
      notePost(await timed('POST /api/v1/statuses', t, w.a.url, 'POST', '/api/v1/statuses', c.token, body), null);
    },
  ],
  [
    3,
    async (w, _c, t) => {
      const organ = pick(w.organs);
      notePost(await timed('POST /api/v1/statuses', t, w.a.url, 'POST', '/api/v1/statuses', organ.token, { status: `${pick(NOTICES)} (${acked.statuses.length})` }), organ.id);
    },
  ],
  [
    1,
    async (w, c, t) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(w.image)], { type: 'image/jpeg' }), 'photo.jpg');
      form.append('description', '路面积水现场照片');
      const media = await timed('POST /api/v2/media', t, w.a.url, 'POST', '/api/v2/media', c.token, form);
      if (!media) unknownWrites++;
      if (media?.status !== 200 || !media.json?.id) return;
      acked.media.push(String(media.json.id));
      notePost(await timed('POST /api/v1/statuses', t, w.a.url, 'POST', '/api/v1/statuses', c.token, { status: `随手拍：${pick(TEXTS)}`, media_ids: [String(media.json.id)] }), null);
    },
  ],
  [
    10,
    async (w, c, t) => {
      if (publicIds.length === 0) return;
      const id = pick(publicIds);
      const a = await timed('POST /api/v1/statuses/:id/favourite', t, w.a.url, 'POST', `/api/v1/statuses/${id}/favourite`, c.token);
      if (!a) unknownWrites++;
      else if (a.status === 200) {
        let set = acked.favourites.get(c.id);
        if (!set) acked.favourites.set(c.id, (set = new Set()));
        set.add(id);
      }
    },
  ],
  [
    6,
    async (w, c, t) => {
      const target = pick(w.targets);
      const follow = c.follows.get(target) !== 'on' || rng() < 0.3;
      const verb = follow ? 'follow' : 'unfollow';
      const a = await timed(`POST /api/v1/accounts/:id/${verb}`, t, w.a.url, 'POST', `/api/v1/accounts/${target}/${verb}`, c.token);
      if (!a) c.follows.set(target, 'unknown');
      else if (a.status === 200) c.follows.set(target, follow ? 'on' : 'off');
    },
  ],
  [
    3,
    async (w, c, t) => {
      const kind = pick(REQUESTS);
      const a = await timed('POST /api/v1/gov/requests', t, w.a.url, 'POST', '/api/v1/gov/requests', c.token, { account_id: pick(w.organs).id, category: kind.category, text: kind.text, visibility: rng() < 0.5 ? 'public' : 'private' });
      if (!a) unknownWrites++;
      else if (a.status === 201 && a.json?.id) acked.requests.push(String(a.json.id));
    },
  ],
  [3, async (w, c, t) => void (await timed('GET /api/v1/gov/requests', t, w.a.url, 'GET', '/api/v1/gov/requests?limit=20', c.token))],
  [5, async (w, c, t) => void (await timed('B GET /api/v1/timelines/home', t, w.b.url, 'GET', '/api/v1/timelines/home?limit=20', w.residents[c.index % w.residents.length]!.token))],
];
const TOTAL_WEIGHT = ACTIONS.reduce((s, [n]) => s + n, 0);

function chooseAction(): Action {
  let x = rng() * TOTAL_WEIGHT;
  for (const [n, act] of ACTIONS) {
    if ((x -= n) < 0) return act;
  }
  return ACTIONS[0]![1];
}

async function runLoad(w: World, until: number): Promise<number> {
  // Each client every CLIENTS/RATE seconds, the clients spread evenly over one period.
  const period = (CLIENTS * 1000) / RATE;
  let issued = 0;
  const client = async (k: number) => {
    const mine = w.citizens.filter((c) => c.index % CLIENTS === k);
    for (let n = 0; ; n++) {
      const scheduled = t0 + (k * period) / CLIENTS + n * period;
      if (scheduled >= until) return;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      issued++;
      await chooseAction()(w, mine[n % mine.length]!, scheduled);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
  return issued;
}

// ---- streams --------------------------------------------------------------------

interface Stream {
  name: string;
  updates: number;
  connects: number;
  /** Updates since the last (re)connect. */
  sinceConnect: number;
  open: boolean;
  lastConnectAt: number;
  /** The statuses its updates carried. */
  received: Set<string>;
  close(): void;
}

function openStream(base: string, name: string, query: string): Stream {
  let ws: WebSocket | null = null;
  let closing = false;
  const s: Stream = {
    name,
    updates: 0,
    connects: 0,
    sinceConnect: 0,
    open: false,
    lastConnectAt: 0,
    received: new Set(),
    close: () => {
      closing = true;
      ws?.terminate();
    },
  };
  const connect = () => {
    if (closing) return;
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/streaming?${query}`);
    ws = socket;
    socket.on('open', () => {
      s.open = true;
      s.connects++;
      s.sinceConnect = 0;
      s.lastConnectAt = performance.now();
    });
    socket.on('message', (data) => {
      try {
        const m = JSON.parse(data.toString()) as { event?: string; payload?: string };
        if (m.event === 'update') {
          s.received.add(String((JSON.parse(m.payload ?? '{}') as { id?: string }).id));
          s.updates++;
          s.sinceConnect++;
        }
      } catch {
        // a heartbeat or something else
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      s.open = false;
      if (!closing) setTimeout(connect, 1000);
    });
  };
  connect();
  return s;
}

// ---- memory and the crawl --------------------------------------------------------

function rssMiB(pid: number): number {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 102.4) / 10;
  } catch {
    return Number.NaN;
  }
}

interface MemorySample {
  t_s: number;
  a_primary_mib: number;
  a_workers_mib: number[];
  b_mib: number;
}

function sampleMemory(w: World): MemorySample {
  const a = w.a.pids();
  const b = w.b.pids();
  return { t_s: Math.round((performance.now() - t0) / 1000), a_primary_mib: a ? rssMiB(a.primary) : Number.NaN, a_workers_mib: a ? a.workers.map(rssMiB) : [], b_mib: b ? rssMiB(b.primary) : Number.NaN };
}

/** `govblog census crawl` of A, again and again, until `until`. */
async function crawlLoop(url: string, until: number, dir: string): Promise<{ runs: number; records: number; failures: string[] }> {
  const out = { runs: 0, records: 0, failures: [] as string[] };
  const file = join(dir, 'crawl.jsonl');
  while (performance.now() < until) {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'census', 'crawl', '--provider', url, '--out', file, '--fresh'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code === 0) {
      out.runs++;
      out.records += readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    } else out.failures.push(`exit ${code}: ${err.slice(-300)}`);
    rmSync(file, { force: true });
    rmSync(`${file}.checkpoint.json`, { force: true });
    // A census crawls a provider now and then, not without pause: one run every CRAWL_GAP_MS at most.
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(CRAWL_GAP_MS, until - performance.now()))));
  }
  return out;
}

// ---- faults ---------------------------------------------------------------------

const faultLog: { name: string; at_s: number; recovered_s: number | null; note: string; recoveredAt: number | null }[] = [];

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/v1/instance`, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}

async function fault(name: string, act: () => Promise<string>, recovered: () => Promise<boolean>): Promise<void> {
  const window = { name, from: performance.now(), to: Number.POSITIVE_INFINITY, s5xx: 0, noAnswer: 0, s5xxExamples: [] as string[] };
  faultWindows.push(window);
  const at = performance.now();
  let note: string;
  try {
    note = await act();
  } catch (e) {
    note = `failed: ${(e as Error).message.slice(0, 500)}`;
  }
  let back: number | null = null;
  try {
    await eventually(`${name}: recovery`, async () => ((await recovered()) ? true : undefined), 120_000);
    back = performance.now();
  } catch (e) {
    note += `; not recovered: ${(e as Error).message}`;
  }
  // Requests that left before the recovery may still come back failed for a moment.
  window.to = (back ?? performance.now()) + 3000;
  faultLog.push({ name, at_s: Math.round((at - t0) / 1000), recovered_s: back === null ? null : round1((back - at) / 1000), note, recoveredAt: back });
  process.stderr.write(`day: fault ${name} at ${Math.round((at - t0) / 1000)} s, recovered in ${back === null ? 'never' : `${round1((back - at) / 1000)} s`} ${note}\n`);
}

function redisPid(): number | null {
  try {
    const pid = execFileSync('pidof', ['redis-server'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
    return pid ? Number(pid) : null;
  } catch {
    return null;
  }
}

async function redisUp(): Promise<boolean> {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping'], { encoding: 'utf8', timeout: 2000 }).trim() === 'PONG';
  } catch {
    return false;
  }
}

async function faultScript(w: World, duration: number): Promise<void> {
  const at = (fraction: number) => new Promise((r) => setTimeout(r, Math.max(0, t0 + fraction * duration - performance.now())));
  await at(0.2);
  const before = w.a.pids();
  const victim = before?.workers[0];
  await fault(
    'kill -9 of one worker',
    async () => {
      if (victim === undefined) return 'no worker found';
      process.kill(victim, 'SIGKILL');
      return `worker ${victim}`;
    },
    async () => {
      const now = w.a.pids();
      return !!now && now.workers.length === 2 && !now.workers.includes(victim ?? -1) && (await healthy(w.a.url));
    },
  );
  await at(0.45);
  await fault(
    'kill -9 of the whole provider',
    async () => {
      const p = w.a.pids();
      await w.a.crash();
      await w.a.restart();
      return `primary ${p?.primary} and workers ${p?.workers.join(', ')}, started again`;
    },
    () => healthy(w.a.url),
  );
  await at(0.7);
  await fault(
    'kill -9 of redis-server',
    async () => {
      const pid = redisPid();
      if (pid === null) return 'no redis-server running';
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 5000));
      execFileSync('redis-server', REDIS_START);
      return `redis-server ${pid}, started again after 5 s`;
    },
    redisUp,
  );
}

// ---- pushes ---------------------------------------------------------------------

/** A Web Push service on loopback: takes every push A sends (201, as a push service answers) and notes when. */
async function pushService(): Promise<{ url: string; at: number[]; close: () => Promise<void> }> {
  const at: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') at.push(performance.now());
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, at, close: () => new Promise((r) => server.close(() => r())) };
}

async function subscribe(a: Peer, organ: Actor, endpoint: string): Promise<void> {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const alerts = { mention: true, status: true, reblog: true, follow: true, follow_request: true, favourite: true, poll: true, update: true };
  const r = await a.call('POST', '/api/v1/push/subscription', { token: organ.token, body: { subscription: { endpoint, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } }, data: { alerts, policy: 'all' } } });
  if (r.status !== 200) throw new Error(`push subscription: ${r.status} ${JSON.stringify(r.json)}`);
}

// ---- checking -------------------------------------------------------------------

async function inChunks<T>(xs: readonly T[], size: number, f: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < xs.length; i += size) await f(xs.slice(i, i + size));
}

async function verify(aDb: string, schema: string, bDb: string, w: World, followedOnB: Set<string>, pushes: { since: string; at: number[] }) {
  const ctx = await createContext(testConfig({ db: aDb, provider: 'a.bench', publicUrl: 'http://a.bench' }), { schema });
  const bCtx = await createContext(testConfig({ db: bDb, provider: w.b.host, publicUrl: w.b.url }), { connection: connect(bDb) });
  try {
    const found = async (table: 'statuses' | 'media_attachments' | 'service_requests', ids: readonly string[]) => {
      const have = new Set<string>();
      await inChunks(ids, 1000, async (chunk) => {
        for (const r of await ctx.db.selectFrom(table).select('id').where('id', 'in', chunk.map(Number)).execute()) have.add(String(r.id));
      });
      return ids.filter((id) => !have.has(id));
    };
    const lostStatuses = await found('statuses', acked.statuses.map((s) => s.id));
    const lostMedia = await found('media_attachments', acked.media);
    const lostRequests = await found('service_requests', acked.requests);
    let favourites = 0;
    let lostFavourites = 0;
    for (const [account, ids] of acked.favourites) {
      const rows = await ctx.db.selectFrom('favourites').select('status_id').where('account_id', '=', Number(account)).execute();
      const have = new Set(rows.map((r) => String(r.status_id)));
      for (const id of ids) {
        favourites++;
        if (!have.has(id)) lostFavourites++;
      }
    }
    let follows = 0;
    let lostFollows = 0;
    let undeadFollows = 0;
    let unknownFollows = 0;
    for (const c of w.citizens) {
      const rows = await ctx.db.selectFrom('follows').select('target_account_id').where('account_id', '=', Number(c.id)).execute();
      const have = new Set(rows.map((r) => String(r.target_account_id)));
      for (const [target, state] of c.follows) {
        if (state === 'unknown') unknownFollows++;
        else if (state === 'on') {
          follows++;
          if (!have.has(target)) lostFollows++;
        } else if (have.has(target)) undeadFollows++;
      }
    }
    // What B must have: every public notice of an organ its residents follow.
    const expected = acked.statuses.filter((s) => s.organ !== null && followedOnB.has(s.organ) && s.visibility === 'public').map((s) => s.uri);
    const missingOnB = async () => {
      const have = new Set<string>();
      await inChunks(expected, 500, async (chunk) => {
        for (const r of await bCtx.db.selectFrom('statuses').select('uri').where('uri', 'in', chunk).execute()) have.add(String(r.uri));
      });
      return expected.filter((u) => !have.has(u));
    };
    const waitStart = performance.now();
    let missing = await missingOnB();
    while (missing.length > 0 && performance.now() - waitStart < 180_000) {
      await new Promise((r) => setTimeout(r, 2000));
      missing = await missingOnB();
    }
    const bWithinS = missing.length === 0 ? round1((performance.now() - waitStart) / 1000) : null;
    // Every notification of a subscribed organ since it subscribed is pushed once (all alerts on), but for the mention that doubles a service request's own notification (src/requests/service-message.ts: push: false).
    const notified = async () => Number((await ctx.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('account_id', 'in', w.organs.map((o) => Number(o.id))).where('created_at', '>=', pushes.since).where((eb) => eb.or([eb('type', '<>', 'mention'), eb('request_id', 'is', null)])).executeTakeFirstOrThrow()).n);
    let notifications = await notified();
    const pushWait = performance.now();
    while (pushes.at.length < notifications && performance.now() - pushWait < 120_000) {
      await new Promise((r) => setTimeout(r, 2000));
      notifications = await notified();
    }
    const queued = await ctx.db.selectFrom('jobs').select((eb) => ['state', eb.fn.countAll().as('n')]).groupBy('state').execute();
    return {
      statuses: acked.statuses.length,
      lost_statuses: lostStatuses.length,
      media: acked.media.length,
      lost_media: lostMedia.length,
      service_requests: acked.requests.length,
      lost_service_requests: lostRequests.length,
      favourites,
      lost_favourites: lostFavourites,
      follows_on: follows,
      lost_follows: lostFollows,
      unfollowed_but_present: undeadFollows,
      follows_answer_lost: unknownFollows,
      writes_answer_lost: unknownWrites,
      notices_for_b: expected.length,
      missing_on_b: missing.length,
      b_all_within_s: bWithinS,
      organ_notifications: notifications,
      pushes_received: pushes.at.length,
      a_jobs_left: Object.fromEntries(queued.map((q) => [q.state, Number(q.n)])),
      lost_examples: { statuses: lostStatuses.slice(0, 5), media: lostMedia.slice(0, 5), requests: lostRequests.slice(0, 5), on_b: missing.slice(0, 5) },
    };
  } finally {
    await bCtx.close();
    await ctx.close();
  }
}

// ---- the chart ------------------------------------------------------------------

async function chart(win: { t_s: number; p50: number; p99: number; rps: number }[], memory: MemorySample[], faults: typeof faultLog, crawlSpan: [number, number]): Promise<string> {
  const echarts = await import('echarts');
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 960, height: 560 });
  try {
    const workers = Math.max(0, ...memory.map((m) => m.a_workers_mib.length));
    const line = (name: string, data: [number, number][], yAxisIndex: number, color: string, dashed = false) => ({ name, type: 'line' as const, data, xAxisIndex: yAxisIndex, yAxisIndex, showSymbol: false, lineStyle: { color, width: 1.5, ...(dashed ? { type: 'dashed' as const } : {}) }, itemStyle: { color } });
    const marks = faults.map((f) => ({ xAxis: f.at_s, label: { formatter: f.name.replace('kill -9 of ', 'kill ') } }));
    c.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT, fontSize: 12 },
      title: [
        { text: `Latency per 10 s window (all routes, from the scheduled time), ${RATE} req/s offered`, left: 'center', top: 2, textStyle: { fontSize: 13 } },
        { text: 'Resident memory (VmRSS) of each provider process', left: 'center', top: 282, textStyle: { fontSize: 13 } },
      ],
      legend: [
        { data: ['p50', 'p99'], right: 20, top: 20 },
        { data: ['A primary', ...Array.from({ length: workers }, (_, i) => `A worker ${i + 1}`), 'B'], right: 20, top: 300 },
      ],
      grid: [
        { left: 60, right: 30, top: 48, height: 200 },
        { left: 60, right: 30, top: 330, height: 190 },
      ],
      xAxis: [
        { type: 'value', gridIndex: 0, name: 's', min: 0 },
        { type: 'value', gridIndex: 1, name: 's', min: 0 },
      ],
      yAxis: [
        { type: 'log', gridIndex: 0, name: 'ms', logBase: 10 },
        { type: 'value', gridIndex: 1, name: 'MiB', min: 0 },
      ],
      series: [
        { ...line('p50', win.map((x) => [x.t_s, Math.max(0.1, x.p50)]), 0, '#2f4554'), markLine: { symbol: 'none', lineStyle: { color: '#c23531', type: 'dotted' }, data: marks }, markArea: { itemStyle: { color: 'rgba(47,69,84,0.07)' }, label: { position: 'insideTop', color: '#666' }, data: [[{ xAxis: crawlSpan[0], name: 'census crawl' }, { xAxis: crawlSpan[1] }]] } },
        line('p99', win.map((x) => [x.t_s, Math.max(0.1, x.p99)]), 0, '#c23531'),
        line('A primary', memory.map((m) => [m.t_s, m.a_primary_mib]), 1, '#999999', true),
        ...Array.from({ length: workers }, (_, i) => line(`A worker ${i + 1}`, memory.map((m) => [m.t_s, m.a_workers_mib[i] ?? Number.NaN]), 1, ['#c23531', '#d48265'][i % 2]!)),
        line('B', memory.map((m) => [m.t_s, m.b_mib]), 1, '#2f4554'),
      ],
    });
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}

// ---- the run --------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const load = loadavg()[0]!;
  const bench = await benchDatabase('postgres', 'day');
  const schema = bench.schema!;
  const aDb = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const media = join(tmpdir(), `govblog-day-media-${process.pid}`);
  const peers: Peer[] = [];
  const streams: Stream[] = [];
  const closers: (() => Promise<void>)[] = [];
  try {
    let t = performance.now();
    const seeded = await seedA(PG_URL, schema);
    process.stderr.write(`day: seeded A with ${ORGANS} organs and officials, ${CITIZENS} citizens in ${round1((performance.now() - t) / 1000)} s\n`);
    const env = { GOVBLOG_MEDIA_DIR: media };
    const a = await startPeer('postgres', { db: aDb, extra: ['--workers', '2', '--redis', 'redis://127.0.0.1:6379', '--log-level', 'warn'], env });
    peers.push(a);
    const b = await startPeer('sqlite', { name: 'b', extra: ['--log-level', 'warn'], env: { GOVBLOG_MEDIA_DIR: `${media}-b` } });
    peers.push(b);
    const residents: Actor[] = [];
    for (let i = 0; i < RESIDENTS; i++) residents.push(await b.user(`resident${i}`));
    const image = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#7a9cc6', noise: { type: 'gaussian', mean: 128, sigma: 24 } } }).jpeg({ quality: 85 }).toBuffer();
    const world: World = { a, b, ...seeded, residents, image };

    // Federation: each resident resolves three posting organs on A and follows them; B must then get their notices.
    t = performance.now();
    const followedOnB = new Set<string>();
    const acctOf = new Map<string, string>();
    const remoteFollows: [string, string, string][] = [];
    for (const o of seeded.organs) acctOf.set(o.id, (await a.call('GET', `/api/v1/accounts/${o.id}`)).json.acct);
    for (const [i, r] of residents.entries()) {
      for (let k = 0; k < 3; k++) {
        const organ = seeded.organs[(i * 3 + k) % seeded.organs.length]!;
        const found = await b.call('GET', `/api/v2/search?q=${encodeURIComponent(`@${acctOf.get(organ.id)}@${a.host}`)}&resolve=true&type=accounts`, { token: r.token });
        const remote = found.json?.accounts?.[0]?.id;
        if (!remote) throw new Error(`B could not resolve ${acctOf.get(organ.id)}@${a.host}: ${found.status}`);
        const f = await b.call('POST', `/api/v1/accounts/${remote}/follow`, { token: r.token });
        if (f.status !== 200) throw new Error(`follow from B: ${f.status}`);
        remoteFollows.push([r.token, remote, organ.id]);
      }
    }
    const accepted = async () => {
      const rows = await Promise.all(remoteFollows.map(([token, id]) => b.call('GET', `/api/v1/accounts/relationships?id[]=${id}`, { token })));
      return remoteFollows.filter((_, i) => rows[i]!.json?.[0]?.following === true);
    };
    try {
      await eventually('the Accepts from A', async () => ((await accepted()).length === remoteFollows.length ? true : undefined), 120_000);
    } catch {
      // Written down rather than fatal: B then expects only the notices of the organs it follows.
      process.stderr.write(`day: FINDING: ${remoteFollows.length - (await accepted()).length} of ${remoteFollows.length} follows from B not accepted after 120 s\n`);
    }
    const followsAccepted = await accepted();
    followsFromB = { asked: remoteFollows.length, accepted: followsAccepted.length };
    const pendingFollows = remoteFollows.filter((f) => !followsAccepted.includes(f));
    for (const [, , organ] of followsAccepted) followedOnB.add(organ);
    // Citizens on A: five follows each and two notices of every posting organ, through the API.
    for (const c of seeded.citizens) {
      for (let k = 0; k < 5; k++) {
        const target = seeded.organs[(c.index * 5 + k) % seeded.organs.length]!.id;
        if ((await a.call('POST', `/api/v1/accounts/${target}/follow`, { token: c.token })).status === 200) c.follows.set(target, 'on');
      }
    }
    for (const o of seeded.organs) for (let k = 0; k < 2; k++) notePost(await timed('warm-up', performance.now(), a.url, 'POST', '/api/v1/statuses', o.token, { status: pick(NOTICES) }), o.id);
    routes.delete('warm-up');
    windows.length = 0;
    process.stderr.write(`day: ${RESIDENTS} residents of B follow ${followedOnB.size} organs of A; citizens follow and organs post; in ${round1((performance.now() - t) / 1000)} s\n`);

    const push = await pushService();
    closers.push(push.close);
    const pushSince = new Date().toISOString();
    for (const [i, o] of seeded.organs.entries()) await subscribe(a, o, `${push.url}/push/${i}`);
    for (let i = 0; i < 6; i++) streams.push(openStream(a.url, `user citizen${i}`, `stream=user&access_token=${seeded.citizens[i]!.token}`));
    for (let i = 0; i < 2; i++) streams.push(openStream(a.url, `public:local ${i}`, `stream=public:local&access_token=${seeded.citizens[10 + i]!.token}`));
    await new Promise((r) => setTimeout(r, 1000));

    // The load.
    const duration = DURATION_S * 1000;
    t0 = performance.now();
    const until = t0 + duration;
    const memory: MemorySample[] = [sampleMemory(world)];
    const sampler = setInterval(() => memory.push(sampleMemory(world)), WINDOW_MS);
    const crawling = (async () => {
      await new Promise((r) => setTimeout(r, 0.3 * duration));
      return crawlLoop(a.url, t0 + 0.6 * duration, OUT);
    })();
    const faults = FAULTS ? faultScript(world, duration) : Promise.resolve();
    process.stderr.write(`day: load for ${DURATION_S} s at ${RATE} req/s over ${CLIENTS} clients${FAULTS ? ', with faults' : ''} (load average ${load.toFixed(2)})\n`);
    const issued = await runLoad(world, until);
    const elapsed = (performance.now() - t0) / 1000;
    await faults;
    const crawled = await crawling;
    memory.push(sampleMemory(world));
    clearInterval(sampler);
    // A quiet moment, then: the streams' state, what was written.
    await new Promise((r) => setTimeout(r, 3000));
    // The local public streams must carry every public status of A posted while they were connected (2 s of slack either side).
    const endAt = performance.now() - 3000;
    const coverage = (s: Stream, from: number) => {
      const due = acked.statuses.filter((x) => x.visibility === 'public' && x.at > from + 2000 && x.at < endAt);
      const missed = due.filter((x) => !s.received.has(x.id));
      return { due: due.length, received: due.length - missed.length, missed_at_s: missed.slice(0, 40).map((x) => round1((x.at - t0) / 1000)) };
    };
    const streamState = streams.map((s) => ({
      name: s.name,
      updates: s.updates,
      connects: s.connects,
      open: s.open,
      updates_since_last_connect: s.sinceConnect,
      ...(s.name.startsWith('public')
        ? {
            public_since_last_connect: coverage(s, s.lastConnectAt),
            after_each_fault: faultLog.map((f) => ({ fault: f.name, ...coverage(s, Math.max(f.recoveredAt ?? endAt, s.lastConnectAt)) })),
          }
        : {}),
    }));
    const checked = await verify(PG_URL, schema, b.db, world, followedOnB, { since: pushSince, at: push.at });
    const pushesAfter = faultLog.map((f) => ({ fault: f.name, pushes_after_recovery: push.at.filter((x) => x > (f.recoveredAt ?? Number.POSITIVE_INFINITY)).length }));

    // Figures.
    const table = [...routes.entries()]
      .sort((x, y) => y[1].latencies.length - x[1].latencies.length)
      .map(([route, s]) => {
        const sorted = Float64Array.from(s.latencies).sort();
        const others = [...s.other.entries()].map(([code, n]) => `${code}×${n}`).join(' ');
        return { route, count: s.latencies.length + s.failed, per_s: round1(s.latencies.length / elapsed), p50_ms: round1(percentile(sorted as unknown as number[], 0.5)), p99_ms: round1(percentile(sorted as unknown as number[], 0.99)), ok: s.ok, s5xx: s.s5xx, other: others, failed: s.failed, during_fault: s.duringFault };
      });
    const all = Float64Array.from([...routes.values()].flatMap((s) => s.latencies)).sort();
    const win = windows.map((xs, i) => {
      const sorted = Float64Array.from(xs ?? []).sort();
      return { t_s: (i + 1) * (WINDOW_MS / 1000), n: sorted.length, rps: round1(sorted.length / (WINDOW_MS / 1000)), p50: round1(percentile(sorted as unknown as number[], 0.5)), p99: round1(percentile(sorted as unknown as number[], 0.99)) };
    });
    const sumWorkers = (m: MemorySample) => round1(m.a_workers_mib.reduce((x, y) => x + y, 0));
    const firstFull = memory.find((m) => m.t_s >= 60) ?? memory[0]!;
    const last = memory[memory.length - 1]!;
    const figures = {
      bench: 'day',
      duration_s: DURATION_S,
      rate_offered: RATE,
      clients: CLIENTS,
      faults: FAULTS,
      load_average_before: round1(load),
      requests: all.length,
      throughput_rps: round1(all.length / elapsed),
      scheduled: issued,
      p50_ms: round1(percentile(all as unknown as number[], 0.5)),
      p99_ms: round1(percentile(all as unknown as number[], 0.99)),
      s5xx: table.reduce((x, r) => x + r.s5xx, 0),
      failed_outside_faults: table.reduce((x, r) => x + r.failed, 0),
      failed_or_5xx_during_faults: table.reduce((x, r) => x + r.during_fault, 0),
      memory_mib: {
        start: { a_primary: memory[0]!.a_primary_mib, a_workers: sumWorkers(memory[0]!), b: memory[0]!.b_mib },
        at_60s: { a_primary: firstFull.a_primary_mib, a_workers: sumWorkers(firstFull), b: firstFull.b_mib },
        end: { a_primary: last.a_primary_mib, a_workers: sumWorkers(last), b: last.b_mib },
        a_workers_max: Math.max(...memory.map(sumWorkers).filter((x) => Number.isFinite(x))),
      },
      crawl: { runs: crawled.runs, records: crawled.records, failures: crawled.failures.length, first_failure: crawled.failures[0] ?? null },
      streams: streamState,
      follows_from_b: followsFromB,
      writes: checked,
      pushes_after_faults: pushesAfter,
      faults_run: faultLog.map(({ recoveredAt: _, ...f }) => ({ ...f, ...(() => {
        const w = faultWindows.find((x) => x.name === f.name)!;
        return { s5xx_while_recovering: w.s5xx, no_answer_while_recovering: w.noAnswer, s5xx_examples: w.s5xxExamples };
      })() })),
      five_xx_examples: fiveXX.slice(0, 10),
      routes: table,
    };
    // Were the follows A had not accepted before the load accepted later?
    if (pendingFollows.length > 0) {
      followsFromB.accepted_at_end = (await accepted()).length;
      followsFromB.pending = await Promise.all(pendingFollows.map(async ([token, id, organ]) => `${acctOf.get(organ)} (A ${organ}, B ${id}): ${JSON.stringify((await b.call('GET', `/api/v1/accounts/relationships?id[]=${id}`, { token })).json?.[0] ?? null)}`));
    }
    writeFileSync(join(OUT, 'a.log'), a.output());
    writeFileSync(join(OUT, 'b.log'), b.output());
    writeFileSync(join(OUT, 'day-samples.json'), JSON.stringify({ ...figures, windows: win, memory }, null, 1));
    writeFileSync(join(OUT, 'day.svg'), await chart(win, memory, faultLog, [0.3 * DURATION_S, 0.6 * DURATION_S]));
    process.stderr.write('\nroute | count | req/s | p50 ms | p99 ms | 5xx | other | no answer | during faults\n');
    for (const r of table) process.stderr.write(`${r.route} | ${r.count} | ${r.per_s} | ${r.p50_ms} | ${r.p99_ms} | ${r.s5xx} | ${r.other || '-'} | ${r.failed} | ${r.during_fault}\n`);
    process.stderr.write(`all | ${all.length} | ${figures.throughput_rps} | ${figures.p50_ms} | ${figures.p99_ms} | ${figures.s5xx} | | ${figures.failed_outside_faults} | ${figures.failed_or_5xx_during_faults}\n\n`);
    process.stderr.write(`day: written to ${OUT}/day-samples.json and ${OUT}/day.svg\n`);
    process.stdout.write(JSON.stringify({ ...figures, routes: undefined }) + '\n');
  } finally {
    for (const s of streams) s.close();
    for (const c of closers) await c().catch(() => {});
    for (const p of peers.reverse()) await p.stop().catch(() => {});
    await bench.drop().catch(() => {});
    rmSync(media, { recursive: true, force: true });
    rmSync(`${media}-b`, { recursive: true, force: true });
  }
}

await main();
