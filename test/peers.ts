import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createUser } from '../src/accounts/sign-up.js';
import type { Role } from '../src/accounts/accounts.table.js';
import { testConfig } from '../src/app/config.js';
import { createContext } from '../src/app/context.js';
import { connect } from '../src/db/connect.js';
import { type DialectName, freshConnection } from './dialects.js';
import { freePort } from './http.js';

/** A govblog process of a test, with what it printed so far. */
export type GovblogProcess = ChildProcess & { output: () => string };

/**
 * Runs `govblog <args>` as its own process, from sources, and resolves once it
 * prints `ready` (`serve`: "listening on"); rejects with what it printed if it
 * exits first or takes too long.
 */
export async function spawnGovblog(args: readonly string[], options: { ready?: string; env?: NodeJS.ProcessEnv } = {}): Promise<GovblogProcess> {
  const ready = options.ready ?? 'listening on';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`govblog ${args[0]} did not start: ${seen}`)), 60_000);
    const onExit = (code: number | null) => reject(new Error(`govblog ${args[0]} exited with ${code}: ${seen}`));
    const onData = (b: Buffer) => {
      seen += b.toString();
      if (seen.includes(ready)) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  return Object.assign(child, { output: () => seen });
}

/** A database for a provider process: an SQLite file in `dir`, or a fresh PostgreSQL schema (as a URL naming it). */
export async function peerDatabase(dialect: DialectName, dir: string, name: string): Promise<string> {
  if (dialect === 'sqlite') return join(dir, `${name}.sqlite`);
  const { connection } = await freshConnection('postgres');
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(connection.db);
  await connection.close();
  return `postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3D${rows[0]?.s}`;
}

/** One provider of a federation test, in its own process, on loopback. */
export interface Peer {
  /** `http://127.0.0.1:P` */
  url: string;
  /** `127.0.0.1:P`: the domain in its accounts' handles. */
  host: string;
  db: string;
  /** Makes an account on its database (works while it runs) and returns a token for it. */
  user(username: string, role?: Role): Promise<{ id: string; username: string; token: string; handle: string }>;
  /** Calls its API; JSON in and out. */
  call(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; json: any }>;
  /** What the running process printed so far (its log, at the level given). */
  output(): string;
  /** The running process (under `--workers N`, the cluster's primary) and its children, the workers; none while stopped. */
  pids(): { primary: number; workers: number[] } | null;
  /** kill -9, as a crash: the process and, under `--workers N`, every worker with it. */
  crash(): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a provider that federates with others on this machine, as CONTRACT.md
 * §1 says: `--public-url http://127.0.0.1:P --provider 127.0.0.1:P
 * --federation on --allow-private-peers`. `extra` adds flags (`--workers 2`).
 */
export async function startPeer(dialect: DialectName, options: { name?: string; extra?: readonly string[]; env?: NodeJS.ProcessEnv; db?: string } = {}): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'govblog-peer-'));
  const db = options.db ?? (await peerDatabase(dialect, dir, options.name ?? 'peer'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const host = `127.0.0.1:${port}`;
  const args = ['--db', db, '--port', String(port), '--public-url', url, '--provider', host, '--federation', 'on', '--allow-private-peers', '--rate-limit', 'off', '--log-level', 'warn', ...(options.extra ?? [])];
  // A short lease: a job the killed process held is taken again within seconds (the crash tests), not after the default minute.
  const env = { GOVBLOG_JOB_LEASE_MS: '3000', ...options.env };
  let child: GovblogProcess | null = await spawnGovblog(['serve', ...args], { env });
  const pids = () => (child?.pid !== undefined && child.exitCode === null && child.signalCode === null ? { primary: child.pid, workers: childrenOf(child.pid) } : null);
  const exit = async (signal: NodeJS.Signals) => {
    const c = child;
    // Read before the primary goes: its workers are then no longer its children.
    const workers = signal === 'SIGKILL' ? (pids()?.workers ?? []) : [];
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    for (const w of workers) {
      try {
        process.kill(w, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await gone;
  };
  return {
    url,
    host,
    db,
    async user(username, role = 'user') {
      const ctx = await createContext(testConfig({ db, provider: host, publicUrl: url }), { connection: connect(db) });
      try {
        const made = await createUser(ctx, { username, role });
        return { id: made.id, username: made.username, token: made.access_token, handle: `${made.username}@${host}` };
      } finally {
        await ctx.db.destroy();
      }
    },
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
      const text = await res.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    pids,
    output: () => child?.output() ?? '',
    crash: () => exit('SIGKILL'),
    async restart() {
      await exit('SIGKILL');
      child = await spawnGovblog(['serve', ...args], { env });
    },
    async stop() {
      await exit('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The child processes of `pid` (Linux), e.g. the workers of `serve --workers N`. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Waits until `probe` returns something other than undefined, or fails after `ms` with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
