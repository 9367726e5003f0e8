import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Config } from '../src/app/config.js';
import type { Context } from '../src/app/context.js';
import { buildApp } from '../src/http/app.js';
import type { Clock } from '../src/app/clock.js';
import { type DialectName, testContext } from './dialects.js';

export interface CallOptions {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent form-urlencoded; a list repeats the key (`redirect_uris[]=a&redirect_uris[]=b`). */
  form?: Record<string, string | string[]>;
  /** Sent as multipart/form-data, as a browser's FormData would; a file as `{ data, name?, type? }`. */
  multipart?: Record<string, string | string[] | UploadFile>;
  /** A raw body, sent with the content-type given in `headers`. */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  /** The client's address, for per-IP rate limits (inject's default is 127.0.0.1). */
  remoteAddress?: string;
}

/** A file in a multipart body. */
export interface UploadFile {
  data: Buffer;
  name?: string;
  type?: string;
}

/** The bytes and content-type of a multipart body, built by the platform's own FormData. */
export async function multipartBody(fields: Record<string, string | string[] | UploadFile>): Promise<{ payload: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'object' && !Array.isArray(v)) fd.append(k, new Blob([new Uint8Array(v.data)], { type: v.type ?? 'application/octet-stream' }), v.name ?? 'upload.bin');
    else for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  }
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') as string };
}

export interface TestServer {
  app: FastifyInstance;
  ctx: Context;
  /** `app.inject` with a bearer token and JSON body made easy. */
  call(method: InjectOptions['method'], url: string, opts?: CallOptions): Promise<{ status: number; json: any; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

/** A provider on a fresh database of the dialect, built but not listening. */
export async function testServer(dialect: DialectName, config: Partial<Config> = {}, clock?: Clock): Promise<TestServer> {
  const ctx = await testContext(dialect, config, clock);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    async call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let payload: string | Buffer | undefined;
      if (opts.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(opts.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
        payload = params.toString();
      } else if (opts.multipart) {
        const m = await multipartBody(opts.multipart);
        headers['content-type'] = m.contentType;
        payload = m.payload;
      } else if (opts.body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(opts.body);
      } else if (opts.payload !== undefined) {
        payload = opts.payload;
      }
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload !== undefined ? { payload } : {}),
        ...(opts.remoteAddress !== undefined ? { remoteAddress: opts.remoteAddress } : {}),
      });
      let json: unknown = undefined;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, json, headers: res.headers as Record<string, unknown>, body: res.body };
    },
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/**
 * A provider that federates with peers on this machine: listening on a free
 * loopback port that is also its public URL and its name, with federation on
 * and private peers allowed (CONTRACT.md §1). `close` stops its federation too.
 */
export async function federatingTestServer(dialect: DialectName, config: Partial<Config> = {}, clock?: Clock): Promise<TestServer & { url: string }> {
  const s = await listeningServer(dialect, (url) => ({ provider: url.host, allowPrivatePeers: true, federation: true, ...config }), clock);
  return {
    ...s,
    async close() {
      // Loaded here, not at the top: importing federation (jsonld, whose undici replaces the process's
      // global fetch dispatcher) before the app left the streaming tests' servers unable to close.
      const { federationOf } = await import('../src/federation/federation.js');
      federationOf(s.ctx)?.stop();
      await s.close();
    },
  };
}

/** A free TCP port on the loopback interface. */
async function canListen(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return freePorts(1);
}

/**
 * The first of `n` consecutive ports free now, below the kernel's ephemeral
 * range (32768 and up here), so that the outgoing connections other tests make
 * meanwhile cannot take one of them before the server listens.
 */
export async function freePorts(n: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (12_000 - n));
    let free = true;
    for (let p = base; p < base + n && free; p++) free = await canListen(p);
    if (free) return base;
  }
  throw new Error(`no ${n} consecutive free ports found between 20000 and 32000`);
}

/**
 * A provider listening on loopback, for clients that speak real HTTP (masto,
 * the crawler). `config` may depend on the URL it is reached at.
 */
export async function listeningServer(dialect: DialectName, config: Partial<Config> | ((url: URL) => Partial<Config>) = {}, clock?: Clock): Promise<TestServer & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const s = await testServer(dialect, { publicUrl: url, port, ...(typeof config === 'function' ? config(new URL(url)) : config) }, clock);
  await s.app.listen({ port, host: '127.0.0.1' });
  return { ...s, url };
}

/** The cookies responses set, as one Cookie header to send back (later responses win), as a browser's jar would. */
export function cookieHeader(...responses: { headers: Record<string, unknown> }[]): string {
  const jar = new Map<string, string>();
  for (const res of responses) {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set === undefined ? [] : [String(set)]) {
      const [pair] = String(line).split(';');
      const i = (pair ?? '').indexOf('=');
      if (i > 0) jar.set((pair as string).slice(0, i).trim(), (pair as string).slice(i + 1).trim());
    }
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
