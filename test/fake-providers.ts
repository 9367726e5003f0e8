import { afterEach } from 'vitest';
/**
 * In-process fake providers for the census crawler: plain node:http servers
 * on 127.0.0.1 that serve generated accounts, either as a govblog census
 * feed (`/api/v1/gov/directory`, keyset pages with a Link header) or as a
 * plain Mastodon directory (`/api/v1/directory`, offset pages, no census
 * feed), and fail on cue: an HTTP status (with Retry-After), a hang, a reset
 * connection, a body cut short.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AccountRecord } from '../src/domain/account-record.js';

/** What the fake does with one request instead of answering it properly. */
export type Fault =
  | { status: number; retryAfter?: string }
  | 'hang'
  | 'reset'
  | 'truncate'
  /** Answers 302 to this location (absolute, or a path on the fake). */
  | { redirect: string }
  /** Serves the page, but with this Link header instead of its own. */
  | { link: string }
  /** Serves the page followed by this many bytes of JSON whitespace, chunked (no Content-Length) when asked. */
  | { padBytes: number; chunked?: boolean };

export interface FakeProviderOptions {
  kind: 'gov' | 'mastodon';
  /** Accounts served, with ids 1..count. */
  count: number;
  /** The `provider` field of gov records (a Mastodon fake's records take the URL's host). */
  name?: string;
  /** Called for every directory request, numbered from 1; a fault spoils that request. */
  fault?: (n: number, url: URL) => Fault | undefined;
  /** Gov feed: ids served as invalid records (a created_at that is no timestamp). */
  bad?: ReadonlySet<number>;
  /** The most a page holds, whatever the client asks. */
  maxLimit?: number;
  /** Every page is answered this late, so that a crawl can be caught half-way. */
  delayMs?: number;
  /** Gov feed: what is served for record i instead of the honest one (a forger's records). */
  forge?: (honest: AccountRecord, i: number) => Record<string, unknown>;
  /** What `/api/v1/instance/peers` lists (default none); asked at each request, so that peers started later can be named. */
  peers?: () => readonly string[];
  /**
   * What NodeInfo says: `govblog` (the default of a gov fake: software govblog, metadata.provider its name),
   * `mastodon` (the default of a Mastodon fake), or `none` (404 on /.well-known/nodeinfo).
   */
  nodeinfo?: 'govblog' | 'mastodon' | 'none';
  /** The host name its URL is written with (default 127.0.0.1); it listens on 127.0.0.1 whatever this says. */
  hostName?: string;
  /** Called for every NodeInfo and peers request, numbered from 1 (apart from the directory's count); a status fault spoils it. */
  discoveryFault?: (n: number, url: URL) => { status: number; retryAfter?: string } | undefined;
}

/** A NodeInfo or peers request, with when it arrived (Date.now()). */
export interface DiscoveryRequest {
  path: string;
  at: number;
  userAgent: string;
}

export interface FakeProvider {
  url: string;
  host: string;
  /** The name its records give as their `provider` (options.name, else the host): what the census must be told to call it. */
  name: string;
  /** The directory request URLs received, in order. */
  requests: URL[];
  /** The NodeInfo and peers requests received, in order. */
  discoveryRequests: DiscoveryRequest[];
  /** Gov feed: the records a correct crawl must produce, bad ones left out. (A Mastodon fake's are checked field by field.) */
  truth(): AccountRecord[];
  close(): Promise<void>;
}

const PLACES = ['北京市', '上海市', '广州市', '长沙市', '西安市', '成都市'];

/** A gov record of the census feed, the shape of CONTRACT §2 with complete labels. */
export function govRecord(provider: string, i: number): AccountRecord {
  const place = PLACES[i % PLACES.length] as string;
  return {
    provider,
    id: String(i),
    handle: `acct${i}`,
    name: `${place}第${i}号发布`,
    verified: true,
    verification: `${place}人民政府官方微博`,
    created_at: new Date(Date.UTC(2011, 0, 1) + i * 3_600_000).toISOString(),
    closed_at: i % 17 === 0 ? '2012-06-01T00:00:00.000Z' : null,
    followers: i * 3,
    posts: i % 50,
    labels: { government: true, kind: 'institutional', organ: 'government', public_security: false, level: 'prefectural', rank: null, province: '11' },
  };
}

/** A Mastodon Account entity: the odd ones are police accounts with a verified field, the rest citizens. */
export function mastodonAccount(i: number): Record<string, unknown> {
  const police = i % 2 === 1;
  return {
    id: String(i),
    username: `user${i}`,
    acct: `user${i}`,
    display_name: police ? `平安西安${i}` : i % 4 === 0 ? '' : `爱吃面的小王${i}`,
    locked: false,
    bot: false,
    created_at: new Date(Date.UTC(2012, 0, 1) + i * 60_000).toISOString(),
    note: police ? '<p>西安市公安局官方微博</p>' : '<p>生活&amp;美食<br>随手拍</p>',
    url: `https://mastodon.example/@user${i}`,
    followers_count: i,
    following_count: 0,
    statuses_count: i * 2,
    fields: police
      ? [{ name: '认证', value: '西安市公安局官方微博', verified_at: '2012-01-02T00:00:00.000Z' }]
      : [{ name: 'blog', value: '<a href="https://blog.example">blog.example</a>', verified_at: null }],
    emojis: [],
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function fakeProvider(opts: FakeProviderOptions): Promise<FakeProvider> {
  const sockets = new Set<Socket>();
  const requests: URL[] = [];
  const discoveryRequests: DiscoveryRequest[] = [];
  let discoveryN = 0;
  let base = '';
  let host = '';
  let n = 0;
  const maxLimit = opts.maxLimit ?? (opts.kind === 'gov' ? 1000 : 80);
  const name = (): string => opts.name ?? host;

  const serveGov = (url: URL, res: ServerResponse, fault: Fault | undefined): void => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), maxLimit);
    const after = Number(url.searchParams.get('min_id') ?? 0);
    const ids: number[] = [];
    for (let i = after + 1; i <= opts.count && ids.length < limit; i++) ids.push(i);
    const honest = (i: number): object => (opts.forge ? opts.forge(govRecord(name(), i), i) : govRecord(name(), i));
    const body = ids.map((i) => (opts.bad?.has(i) ? { ...govRecord(name(), i), created_at: 'yesterday' } : honest(i)));
    const headers: Record<string, string> = {};
    const last = ids[ids.length - 1];
    if (ids.length === limit && last !== undefined) {
      headers.link = `<${base}/api/v1/gov/directory?limit=${limit}&verified=true&min_id=${last}>; rel="next", <${base}/api/v1/gov/directory?max_id=${ids[0]}>; rel="prev"`;
    }
    if (fault !== undefined && typeof fault === 'object' && 'link' in fault) headers.link = fault.link;
    if (fault !== undefined && typeof fault === 'object' && 'padBytes' in fault) {
      const text = JSON.stringify(body) + ' '.repeat(fault.padBytes);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...(fault.chunked ? {} : { 'content-length': String(Buffer.byteLength(text)) }), ...headers });
      // Chunked: written in pieces, so that only a reader that counts as it goes can stop it.
      if (fault.chunked) for (let i = 0; i < text.length; i += 65_536) res.write(text.slice(i, i + 65_536));
      else res.write(text);
      return void res.end();
    }
    json(res, 200, body, headers);
  };

  const serveMastodon = (url: URL, res: ServerResponse): void => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 40), maxLimit);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const body: Record<string, unknown>[] = [];
    // Newest first, as order=new.
    for (let i = opts.count - offset; i >= 1 && body.length < limit; i--) body.push(mastodonAccount(i));
    json(res, 200, body);
  };

  const nodeinfo = opts.nodeinfo ?? (opts.kind === 'gov' ? 'govblog' : 'mastodon');
  /** NodeInfo (links, then the 2.0 document) and the peers list, as govblog and Mastodon serve them; false for any other path. */
  const serveDiscovery = (url: URL, req: IncomingMessage, res: ServerResponse): boolean => {
    const paths = ['/.well-known/nodeinfo', '/nodeinfo/2.0', '/api/v1/instance/peers'];
    if (!paths.includes(url.pathname)) return false;
    discoveryRequests.push({ path: url.pathname, at: Date.now(), userAgent: String(req.headers['user-agent'] ?? '') });
    const fault = opts.discoveryFault?.(++discoveryN, url);
    if (fault) {
      json(res, fault.status, { error: 'injected' }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      return true;
    }
    if (url.pathname === '/api/v1/instance/peers') {
      json(res, 200, [...(opts.peers?.() ?? [])]);
      return true;
    }
    if (nodeinfo === 'none') {
      json(res, 404, { error: 'Not found' });
      return true;
    }
    if (url.pathname === '/.well-known/nodeinfo') {
      json(res, 200, { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${base}/nodeinfo/2.0` }] });
      return true;
    }
    const software = nodeinfo === 'govblog' ? { name: 'govblog', version: '0.1.0' } : { name: 'mastodon', version: '4.3.0' };
    const metadata = nodeinfo === 'govblog' ? { nodeName: name(), provider: name(), verifiedGovernmentAccounts: opts.count } : { nodeName: 'Mastodon' };
    json(res, 200, {
      version: '2.0',
      software,
      protocols: ['activitypub'],
      services: { inbound: [], outbound: [] },
      openRegistrations: true,
      usage: { users: { total: opts.count, activeMonth: 0, activeHalfyear: 0 }, localPosts: 0 },
      metadata,
    });
    return true;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    if (serveDiscovery(url, req, res)) return;
    const isGov = url.pathname === '/api/v1/gov/directory';
    const isDirectory = url.pathname === '/api/v1/directory';
    if (!isGov && !isDirectory) return json(res, 404, { error: 'Not found' });
    if (isGov && opts.kind === 'mastodon') return json(res, 404, { error: 'Not found' });
    requests.push(url);
    const fault = opts.fault?.(++n, url);
    if (fault === 'hang') return;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'truncate') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('[{"provider":"x","id":"1"');
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    if (fault !== undefined && 'redirect' in fault) {
      res.writeHead(302, { location: fault.redirect, 'content-length': '0' });
      return void res.end();
    }
    if (fault !== undefined && 'status' in fault) return json(res, fault.status, { error: 'injected' }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
    const serve = (): void => (isGov ? serveGov(url, res, fault) : serveMastodon(url, res));
    if (opts.delayMs) setTimeout(serve, opts.delayMs);
    else serve();
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  host = `${opts.hostName ?? '127.0.0.1'}:${port}`;
  base = `http://${host}`;

  return {
    url: base,
    host,
    name: name(),
    requests,
    discoveryRequests,
    truth() {
      if (opts.kind !== 'gov') throw new Error('truth() is for gov fakes');
      const out: AccountRecord[] = [];
      for (let i = 1; i <= opts.count; i++) if (!opts.bad?.has(i)) out.push(govRecord(name(), i));
      return out;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The records of a JSONL text, de-duplicated on (provider, id) with the last occurrence winning (CONTRACT §2), sorted. */
export function dedupe(jsonl: string): AccountRecord[] {
  const byKey = new Map<string, AccountRecord>();
  for (const line of jsonl.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as AccountRecord;
    byKey.set(`${r.provider}\u0000${r.id}`, r);
  }
  return sortRecords([...byKey.values()]);
}

export function sortRecords(records: AccountRecord[]): AccountRecord[] {
  return [...records].sort((a, b) => (a.provider === b.provider ? Number(a.id) - Number(b.id) : a.provider < b.provider ? -1 : 1));
}

/**
 * `fakeProvider` for a test file: every provider it starts is closed after
 * each test. Call once at the top level of the file.
 */
export function fakeProvidersClosedAfterEach(): (...args: Parameters<typeof fakeProvider>) => Promise<FakeProvider> {
  const open: FakeProvider[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  return async (...args) => {
    const p = await fakeProvider(...args);
    open.push(p);
    return p;
  };
}
