/**
 * The streaming API at scale (issue 12): an organ with N followers (10,000 by
 * default), each with the user stream open over a WebSocket, posts; the time
 * from the post until every stream has the `update` (p50 / p99 over every
 * delivery of every run; goal p99 < 1 s), on SQLite and PostgreSQL; and the
 * server's memory per open stream.
 *
 * The provider runs as in production in a child process (`govblog serve`,
 * rate limits off so one address may open them all); this process holds the
 * N client sockets (the `ws` package, as apps' libraries use) and posts
 * through the HTTP API. Each post goes to the followers' feeds in its
 * transaction, then one event to the hub, which reads the status once,
 * finds the listening followers in one query and writes one shared frame to
 * every socket (src/streaming/hub.ts).
 *
 * With `--workers N` the provider runs as `serve --workers N`: the sockets
 * spread over the workers, each writing to its own share.
 *
 *   npx tsx bench/streaming.ts [--dialect sqlite|postgres|both] [--followers N] [--runs R] [--workers N]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { newAccount } from '../src/accounts/accounts.repository.js';
import { secretDigest } from '../src/app/secrets.js';
import { type BenchDialect, PG_URL, benchDatabase, dialectsOf, insertChunked, ms, numberOption, settle } from './bench-db.js';

const AT = '2012-06-01T00:00:00.000Z';
const followers = numberOption('followers', 10_000);
const RUNS = numberOption('runs', 5);
const WORKERS = numberOption('workers', 1);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory of a process, in bytes (Linux); under --workers, of its workers together. */
function rss(pid: number): number {
  const own = (p: number | string) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
  if (WORKERS === 1) return own(pid);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return children.reduce((sum, c) => sum + own(c), 0);
}

async function serve(db: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--port', '0', '--db', db, '--workers', String(WORKERS), '--rate-limit', 'off', '--log-level', process.env.BENCH_SERVER_LOG ?? 'warn', '--provider', 'bench.example', '--public-url', 'http://bench.example'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => {
    output += d.toString();
    // BENCH_SERVER_LOG=debug shows how long the server took over each event.
    if (process.env.BENCH_SERVER_LOG) for (const line of d.toString().split('\n')) if (line.includes('event delivered')) process.stderr.write(line + '\n');
  });
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on (http:\/\/\S+)/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: /listening on (http:\/\/\S+)/.exec(output)![1]! };
}

async function runDialect(dialect: BenchDialect): Promise<void> {
  const bench = await benchDatabase(dialect, 'streaming');
  let server: ChildProcess | null = null;
  const sockets: WebSocket[] = [];
  try {
    const ctx = await bench.open();
    const t0 = performance.now();
    const row = (username: string, followersCount: number, followingCount: number) => ({
      ...newAccount({ username, email: null, passwordHash: null, role: 'user' }, AT),
      followers_count: followersCount,
      following_count: followingCount,
      statuses_count: 0,
    });
    await insertChunked(
      ctx,
      'accounts',
      (function* () {
        yield row('organ', followers, 0);
        for (let i = 1; i <= followers; i++) yield row(`follower${i}`, 0, 1);
      })(),
      500,
    );
    await insertChunked(
      ctx,
      'follows',
      (function* () {
        for (let i = 1; i <= followers; i++) yield { account_id: i + 1, target_account_id: 1, created_at: AT };
      })(),
      2000,
    );
    const tokenOf = (accountId: number) => `bench-token-${accountId}-${bench.dialect}`;
    await insertChunked(
      ctx,
      'oauth_tokens',
      (function* () {
        for (let id = 1; id <= followers + 1; id++) {
          yield { token_hash: secretDigest(tokenOf(id)), app_id: null, account_id: id, operator_id: null, parent_token_id: null, scopes: 'read write follow', created_at: AT, last_used_at: null, revoked_at: null };
        }
      })(),
      500,
    );
    await settle(ctx, ['accounts', 'follows', 'oauth_tokens']);
    await ctx.close();
    process.stderr.write(`streaming ${dialect}: ${followers} followers built in ${(ms(t0) / 1000).toFixed(1)} s\n`);

    const db = dialect === 'sqlite' ? bench.config.db : `${PG_URL}?options=${encodeURIComponent(`-c search_path=${bench.schema}`)}`;
    const started = await serve(db);
    server = started.child;
    const base = started.base;
    const wsBase = base.replace(/^http/, 'ws');
    // One request first, so that the figures are not the first query's.
    await fetch(`${base}/api/v1/timelines/home`, { headers: { authorization: `Bearer ${tokenOf(1)}` } });
    const rssBefore = rss(server.pid!);

    // Every follower opens the user stream; arrival times are noted as messages come, parsed afterwards.
    const arrivals: { at: number; data: string }[][] = [];
    const t1 = performance.now();
    for (let i = 0; i < followers; i += 250) {
      await Promise.all(
        Array.from({ length: Math.min(250, followers - i) }, (_, k) => {
          const index = i + k;
          arrivals[index] = [];
          const ws = new WebSocket(`${wsBase}/api/v1/streaming?stream=user&access_token=${tokenOf(index + 2)}`);
          ws.on('message', (data) => arrivals[index]!.push({ at: performance.now(), data: data.toString() }));
          sockets.push(ws);
          return new Promise<void>((resolve, reject) => {
            ws.once('open', () => resolve());
            ws.once('error', reject);
          });
        }),
      );
    }
    const openMs = ms(t1);
    await new Promise((r) => setTimeout(r, 1000));
    const rssAfter = rss(server.pid!);
    process.stderr.write(`streaming ${dialect}: ${followers} streams open in ${(openMs / 1000).toFixed(1)} s\n`);

    const latencies: number[] = [];
    const lastPerRun: number[] = [];
    const postMs: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      for (const a of arrivals) a.length = 0;
      const start = performance.now();
      const res = await fetch(`${base}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenOf(1)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: `#公告# 第${run}号通告：明日起办公地点迁至新址。` }),
      });
      postMs.push(ms(start));
      const id = ((await res.json()) as { id: string }).id;
      const deadline = performance.now() + 30_000;
      while (arrivals.some((a) => a.length === 0)) {
        if (performance.now() > deadline) throw new Error(`run ${run}: ${arrivals.filter((a) => a.length === 0).length} streams had no update after 30 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      let last = 0;
      for (const a of arrivals) {
        const m = JSON.parse(a[0]!.data) as { event: string; payload: string };
        if (m.event !== 'update' || (JSON.parse(m.payload) as { id: string }).id !== id) throw new Error(`a stream got ${a[0]!.data.slice(0, 200)}`);
        const latency = a[0]!.at - start;
        latencies.push(latency);
        last = Math.max(last, latency);
      }
      lastPerRun.push(Math.round(last));
      await new Promise((r) => setTimeout(r, 500));
    }
    latencies.sort((a, b) => a - b);
    const figures = {
      bench: 'streaming',
      dialect,
      workers: WORKERS,
      followers,
      streams: sockets.length,
      runs: RUNS,
      post_ms_median: [...postMs].sort((a, b) => a - b)[Math.floor(postMs.length / 2)],
      update_p50_ms: Math.round(percentile(latencies, 50)),
      update_p99_ms: Math.round(percentile(latencies, 99)),
      update_max_ms: Math.round(latencies[latencies.length - 1]!),
      every_stream_ms_per_run: lastPerRun,
      p99_target_ms: 1000,
      open_streams_s: Math.round(openMs / 100) / 10,
      server_rss_mib_before: Math.round(rssBefore / 1048576),
      server_rss_mib_with_streams: Math.round(rssAfter / 1048576),
      server_kib_per_stream: Math.round((rssAfter - rssBefore) / sockets.length / 102.4) / 10,
    };
    process.stdout.write(JSON.stringify(figures) + '\n');
    process.stderr.write(
      `streaming ${dialect}: ${followers} user streams, update p50 ${figures.update_p50_ms} ms, p99 ${figures.update_p99_ms} ms (target < 1000), every stream within ${lastPerRun.join('/')} ms; ${figures.server_kib_per_stream} KiB per stream\n`,
    );
  } finally {
    for (const ws of sockets) ws.terminate();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await Promise.race([once(server, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    await bench.drop();
  }
}

for (const dialect of dialectsOf()) await runDialect(dialect);
