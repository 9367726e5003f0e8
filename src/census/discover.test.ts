import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dedupe, fakeProvidersClosedAfterEach, sortRecords, type FakeProvider } from '../../test/fake-providers.js';
import { checkpointPath, CrawlRefused } from './crawl.js';
import { plainDiscoveryProgress } from './discover-progress.js';
import { crawlWithDiscovery, discoveryStatePath, normalizePeer, type DiscoverCrawlEnv, type DiscoverCrawlRequest, type DiscoveryState } from './discover.js';
import { plainProgress } from './crawl-progress.js';
import { guardedFetch } from '../app/fetch-guarded.js';

const fake = fakeProvidersClosedAfterEach();

function out(): string {
  return join(mkdtempSync(join(tmpdir(), 'govblog-discover-')), 'accounts.jsonl');
}

/** Fast waits (recorded) unless real ones are asked for; progress lines captured. */
function testEnv(opts: { realSleep?: boolean; hostIntervalMs?: number; signal?: AbortSignal } = {}) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const env: DiscoverCrawlEnv = {
    progress: plainProgress((l) => lines.push(l), { everyPages: 1 }),
    discoveryProgress: plainDiscoveryProgress((l) => lines.push(l)),
    http: {
      timeoutMs: 2000,
      policy: { retries: 3, baseMs: 10, capMs: 100, maxRetryAfterMs: 60_000 },
      ...(opts.realSleep ? {} : { sleep: async (ms: number) => void sleeps.push(ms) }),
      random: () => 0.5,
    },
    hostIntervalMs: opts.hostIntervalMs ?? 0,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  return { env, sleeps, lines };
}

function request(seeds: FakeProvider[], o: string, extra: Partial<DiscoverCrawlRequest> = {}): DiscoverCrawlRequest {
  return { providers: seeds.map((s) => s.url), out: o, pageSize: 10, depth: 1, maxProviders: 50, maxHosts: 500, allowPrivatePeers: true, ...extra };
}

function providersIn(o: string): string[] {
  return [...new Set(dedupe(readFileSync(o, 'utf8')).map((r) => r.provider))].sort();
}

/** Seed A lists B and C; B lists D and A back; C is a plain Mastodon server; D lists A. */
async function graph() {
  const peers: Record<string, string[]> = {};
  const a = await fake({ kind: 'gov', count: 12, peers: () => peers.a ?? [] });
  const b = await fake({ kind: 'gov', count: 7, peers: () => peers.b ?? [] });
  const c = await fake({ kind: 'mastodon', count: 5, peers: () => peers.c ?? [] });
  const d = await fake({ kind: 'gov', count: 3, peers: () => peers.d ?? [] });
  peers.a = [b.host, c.host];
  peers.b = [d.host, a.host];
  peers.c = [d.host];
  peers.d = [a.host];
  return { a, b, c, d };
}

describe('normalizePeer', () => {
  it('lower-cases, drops a trailing dot and the default https port, keeps other ports, refuses what is no host', () => {
    expect(normalizePeer('Weibo.Example')).toBe('weibo.example');
    expect(normalizePeer('weibo.example.')).toBe('weibo.example');
    expect(normalizePeer('weibo.example:443')).toBe('weibo.example');
    expect(normalizePeer('127.0.0.1:3001')).toBe('127.0.0.1:3001');
    expect(normalizePeer('政务.example')).toBe(domainToASCII('政务.example'));
    for (const bad of ['', 'a b', 'https://x.example', 'x.example/path', 'u@x.example', '[::1]', 42, null, 'x..example', '-x.example']) {
      expect(normalizePeer(bad)).toBeNull();
    }
  });
});

describe('crawl --discover', () => {
  it('depth 1 reaches the seed’s peers, skips and reports the server without a census feed, and does not reach a peer of a peer', async () => {
    const { a, b, c, d } = await graph();
    const o = out();
    const { env, lines } = testEnv();
    const { discovery, crawl } = await crawlWithDiscovery(request([a], o), env);

    expect(discovery.found.map((h) => h.host)).toEqual([b.host]);
    expect(discovery.skipped.map((h) => [h.host, h.reason])).toEqual([[c.host, 'not a census provider (NodeInfo: mastodon 4.3.0; /api/v1/gov/directory: HTTP 404)']]);
    expect(crawl?.providers.map((p) => [p.name, p.done, p.written, p.source])).toEqual([
      [a.host, true, 12, 'gov-directory'],
      [b.host, true, 7, 'gov-directory'],
    ]);
    expect(sortRecords(dedupe(readFileSync(o, 'utf8')))).toEqual(sortRecords([...a.truth(), ...b.truth()]));
    // C was only asked, never read as a directory; D was never contacted.
    expect(c.requests.filter((u) => u.pathname === '/api/v1/directory')).toHaveLength(0);
    expect(d.discoveryRequests).toHaveLength(0);
    expect(lines).toContain(`discover: ${c.host}: skipped: not a census provider (NodeInfo: mastodon 4.3.0; /api/v1/gov/directory: HTTP 404) (depth 1, listed by ${a.host})`);
    expect(lines).toContain(`discover: found 1 provider beyond the 1 given; skipped 1: ${c.host} (not a census provider)`);
    expect(existsSync(discoveryStatePath(o))).toBe(false);
    expect(existsSync(checkpointPath(o))).toBe(false);
  });

  it('depth 2 reaches D through B; providers that list each other are crawled once and every account counted once, at home', async () => {
    const { a, b, c, d } = await graph();
    const o = out();
    const { env } = testEnv();
    const { discovery, crawl } = await crawlWithDiscovery(request([a], o, { depth: 2 }), env);
    expect(discovery.found.map((h) => [h.host, h.depth, h.via])).toEqual([
      [b.host, 1, a.host],
      [d.host, 2, b.host],
    ]);
    expect(crawl?.providers.map((p) => p.name)).toEqual([a.host, b.host, d.host]);
    const text = readFileSync(o, 'utf8');
    const all = text.trim().split('\n');
    // Not merely de-duplicated afterwards: written once.
    expect(all).toHaveLength(12 + 7 + 3);
    expect(sortRecords(dedupe(text))).toEqual(sortRecords([...a.truth(), ...b.truth(), ...d.truth()]));
    // A, listed back by B and D, was asked nothing beyond its own peer list; D's peers (depth 2 = the bound) were not read.
    expect(a.discoveryRequests.map((r) => r.path)).toEqual(['/api/v1/instance/peers']);
    expect(d.discoveryRequests.map((r) => r.path)).toEqual(['/.well-known/nodeinfo', '/nodeinfo/2.0']);
    expect(c.discoveryRequests.map((r) => r.path)).not.toContain('/api/v1/instance/peers');
  });

  it('--max-providers bounds what is found, in breadth-first order; the rest are reported as not asked', async () => {
    const list: string[] = [];
    const a = await fake({ kind: 'gov', count: 2, peers: () => list });
    const others = [await fake({ kind: 'gov', count: 1 }), await fake({ kind: 'gov', count: 1 }), await fake({ kind: 'gov', count: 1 }), await fake({ kind: 'gov', count: 1 })];
    list.push(...others.map((p) => p.host));
    const o = out();
    const { env, lines } = testEnv();
    const { discovery, crawl } = await crawlWithDiscovery(request([a], o, { maxProviders: 2 }), env);
    expect(discovery.found.map((h) => h.host)).toEqual([others[0]?.host, others[1]?.host]);
    expect(discovery.notAsked).toBe(2);
    expect(crawl?.providers).toHaveLength(3);
    expect(providersIn(o)).toEqual([a.host, others[0]?.host, others[1]?.host].sort());
    expect(lines.some((l) => l.startsWith('discover: found 2 providers beyond the 1 given; 2 hosts not asked (--max-providers 2 reached)'))).toBe(true);

    const bounded = await crawlWithDiscovery(request([a], out(), { maxHosts: 1 }), testEnv().env);
    expect(bounded.discovery.found.map((h) => h.host)).toEqual([others[0]?.host]);
    expect(bounded.discovery.state.unqueued).toBe(3);
  });

  it('refuses a peer on a private address without --allow-private-peers: skipped, reported, never contacted', async () => {
    const { a, b, c } = await graph();
    const o = out();
    const { env } = testEnv();
    const { discovery, crawl } = await crawlWithDiscovery(request([a], o, { allowPrivatePeers: false }), env);
    expect(discovery.found).toEqual([]);
    expect(discovery.skipped.map((h) => h.host)).toEqual([b.host, c.host]);
    expect(discovery.skipped[0]?.reason).toBe('refused: 127.0.0.1 is a private or reserved address (--allow-private-peers allows it, for tests and the demo)');
    expect(b.discoveryRequests).toHaveLength(0);
    expect(b.requests).toHaveLength(0);
    // The given provider is the operator's choice and is crawled wherever it is.
    expect(crawl?.providers.map((p) => [p.name, p.done])).toEqual([[a.host, true]]);
  });

  it('crawls a host written several ways once; a provider naming itself otherwise than its host is skipped, not counted twice', async () => {
    const list: string[] = [];
    const a = await fake({ kind: 'gov', count: 4, peers: () => list });
    const b = await fake({ kind: 'gov', count: 6, hostName: 'localhost' });
    const alias = await fake({ kind: 'gov', count: 5, name: 'weibo.example' });
    const port = b.host.split(':')[1] as string;
    list.push(`LOCALHOST:${port}`, `localhost.:${port}`, b.host, `localhost:${port}`, alias.host, a.host, a.host.toUpperCase());
    const second = await fake({ kind: 'gov', count: 2, peers: () => [b.host, a.host] });
    const o = out();
    const { discovery, crawl } = await crawlWithDiscovery({ ...request([a, second], o), names: { [a.url]: a.name, [second.url]: second.name } }, testEnv().env);
    expect(discovery.found.map((h) => h.host)).toEqual([b.host]);
    expect(discovery.skipped.map((h) => [h.host, h.reason])).toEqual([
      [alias.host, `it names itself "weibo.example", not ${alias.host} (an alias of another provider, or one to give as --provider weibo.example=${alias.url})`],
    ]);
    expect(b.discoveryRequests.filter((r) => r.path === '/.well-known/nodeinfo')).toHaveLength(1);
    expect(crawl?.providers.map((p) => p.name)).toEqual([a.host, second.host, b.host]);
    expect(b.requests).toHaveLength(1);
    expect(readFileSync(o, 'utf8').trim().split('\n')).toHaveLength(4 + 2 + 6);
    expect(alias.requests).toHaveLength(0);
  });

  it('is polite: one request at a time per host, the interval between two, a 429’s Retry-After waited out, a User-Agent naming govblog', async () => {
    const list: string[] = [];
    const a = await fake({ kind: 'gov', count: 1, peers: () => list });
    const b = await fake({ kind: 'gov', count: 1, discoveryFault: (n) => (n === 1 ? { status: 429, retryAfter: '1' } : undefined) });
    list.push(b.host);
    const { env, lines } = testEnv({ realSleep: true, hostIntervalMs: 150 });
    const { discovery } = await crawlWithDiscovery(request([a], out()), env);
    expect(discovery.found.map((h) => h.host)).toEqual([b.host]);
    const at = b.discoveryRequests.map((r) => r.at);
    expect(b.discoveryRequests.map((r) => r.path)).toEqual(['/.well-known/nodeinfo', '/.well-known/nodeinfo', '/nodeinfo/2.0']);
    expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(990);
    expect((at[2] as number) - (at[1] as number)).toBeGreaterThanOrEqual(140);
    expect(b.discoveryRequests[0]?.userAgent).toMatch(/^govblog\/\S+ \(census crawler; provider discovery\)$/);
    expect(lines).toContain(`discover: ${b.host}: HTTP 429 (Retry-After: 1); retry 1 in 1.0s`);
  });

  it('resumes an interrupted discovery where it stopped and ends as an unbroken one; other flags on resume are refused', async () => {
    const { a, b, d } = await graph();
    const o = out();
    const stop = new AbortController();
    const first = testEnv({ signal: stop.signal });
    const progress = first.env.discoveryProgress;
    first.env.discoveryProgress = {
      ...(progress as NonNullable<typeof progress>),
      host(h, peers, state) {
        progress?.host(h, peers, state);
        if (h.host === b.host) stop.abort(new Error('interrupted'));
      },
    };
    const broken = await crawlWithDiscovery(request([a], o, { depth: 2 }), first.env);
    expect(broken.crawl).toBeNull();
    expect(broken.discovery.interrupted).toBe(true);
    const saved = JSON.parse(readFileSync(discoveryStatePath(o), 'utf8')) as DiscoveryState;
    expect(saved.hosts.find((h) => h.host === b.host)?.status).toBe('provider');
    expect(saved.hosts.find((h) => h.host === d.host)?.status).toBe('pending');

    await expect(crawlWithDiscovery(request([a], o, { depth: 3 }), testEnv().env)).rejects.toThrow(CrawlRefused);
    const bAsked = b.discoveryRequests.length;
    const again = testEnv();
    const resumed = await crawlWithDiscovery(request([a], o, { depth: 2 }), again.env);
    expect(resumed.discovery.resumed).toBe(true);
    expect(b.discoveryRequests.length).toBe(bAsked);
    expect(resumed.discovery.found.map((h) => h.host)).toEqual([b.host, d.host]);
    expect(providersIn(o)).toEqual([a.host, b.host, d.host].sort());
    expect(existsSync(discoveryStatePath(o))).toBe(false);
  });

  it('refuses to start over an output it did not start, before asking anything', async () => {
    const { a, b } = await graph();
    const o = out();
    await crawlWithDiscovery(request([a], o), testEnv().env);
    await expect(crawlWithDiscovery(request([a], o), testEnv().env)).rejects.toThrow(/exists and there is no crawl of it to resume/);
    const asked = b.discoveryRequests.length;
    const fresh = await crawlWithDiscovery(request([a], o, { fresh: true }), testEnv().env);
    expect(fresh.crawl?.written).toBe(12 + 7);
    expect(b.discoveryRequests.length).toBeGreaterThan(asked);
  });

  it('reads a found provider only through its census feed: one whose NodeInfo claims govblog but has no feed fails, its directory unread', async () => {
    const list: string[] = [];
    const a = await fake({ kind: 'gov', count: 2, peers: () => list });
    const pretender = await fake({ kind: 'mastodon', count: 4, nodeinfo: 'govblog' });
    list.push(pretender.host);
    const { crawl } = await crawlWithDiscovery(request([a], out()), testEnv().env);
    const p = crawl?.providers.find((x) => x.name === pretender.host);
    expect(p).toMatchObject({ done: false, source: 'gov-directory', written: 0 });
    expect(p?.error).toMatch(/HTTP 404: no census feed, though discovery found one/);
    expect(pretender.requests.filter((u) => u.pathname === '/api/v1/directory')).toHaveLength(0);
  });

  it('a crawl that failed after discovery resumes with the providers found, asking nothing again', async () => {
    let down = true;
    const list: string[] = [];
    const a = await fake({ kind: 'gov', count: 3, peers: () => list });
    const b = await fake({ kind: 'gov', count: 25, fault: (n) => (down && n > 1 ? { status: 502 } : undefined) });
    list.push(b.host);
    const o = out();
    const first = await crawlWithDiscovery(request([a], o), testEnv().env);
    expect(first.crawl?.providers.map((p) => [p.name, p.done])).toEqual([
      [a.host, true],
      [b.host, false],
    ]);
    expect(existsSync(discoveryStatePath(o))).toBe(true);
    const asked = [a.discoveryRequests.length, b.discoveryRequests.length];
    down = false;
    const again = testEnv();
    const second = await crawlWithDiscovery(request([a], o), again.env);
    expect([a.discoveryRequests.length, b.discoveryRequests.length]).toEqual(asked);
    expect(again.lines[0]).toBe('discover: resuming: 1 hosts asked, 1 providers found (discovery done)');
    expect(second.crawl?.providers.every((p) => p.done)).toBe(true);
    expect(readFileSync(o, 'utf8').trim().split('\n')).toHaveLength(28);
    expect(existsSync(discoveryStatePath(o))).toBe(false);
  });
});

describe('crawl --discover, hosts that do not answer', () => {
  it('a listed host that is down is skipped as unreachable after the few retries of discovery; the crawl goes on', async () => {
    const gone = await fake({ kind: 'gov', count: 1 });
    await gone.close();
    const list = [gone.host];
    const a = await fake({ kind: 'gov', count: 2, peers: () => list });
    const { env, sleeps } = testEnv();
    const { discovery, crawl } = await crawlWithDiscovery(request([a], out()), env);
    expect(discovery.skipped.map((h) => h.host)).toEqual([gone.host]);
    expect(discovery.skipped[0]?.reason).toMatch(new RegExp(`^unreachable: GET http://${gone.host.replace(/\./g, '\\.')}/\\.well-known/nodeinfo: .*ECONNREFUSED.*\\(gave up after 3 attempts\\)$`));
    // Two backoffs of NodeInfo's request, and no question of the census feed after it.
    expect(sleeps.filter((ms) => ms > 0)).toHaveLength(2);
    expect(crawl?.providers.map((p) => [p.name, p.done])).toEqual([[a.host, true]]);
  });
});

describe('guardedFetch', () => {
  it('refuses loopback, literal or by name, unless private addresses are allowed; hands redirects back unfollowed', async () => {
    const b = await fake({ kind: 'gov', count: 1, hostName: 'localhost', fault: () => ({ redirect: '/elsewhere' }) });
    const port = b.host.split(':')[1] as string;
    await expect(guardedFetch({ allowPrivate: false })(`http://127.0.0.1:${port}/api/v1/gov/directory`)).rejects.toThrow(/127\.0\.0\.1.*private or reserved/);
    await expect(guardedFetch({ allowPrivate: false })(`http://localhost:${port}/api/v1/gov/directory`)).rejects.toThrow(/localhost resolves to 127\.0\.0\.1/);
    const res = await guardedFetch({ allowPrivate: true })(`http://localhost:${port}/api/v1/gov/directory`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/elsewhere');
    const ok = await guardedFetch({ allowPrivate: true })(`http://localhost:${port}/nodeinfo/2.0`);
    expect(((await ok.json()) as { software: { name: string } }).software.name).toBe('govblog');
  });
});
