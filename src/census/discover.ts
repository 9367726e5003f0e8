/**
 * `census crawl --discover`: from the providers the operator gave, finds
 * more census providers through the servers' peer lists, breadth first, and
 * hands the crawl the list (src/census/crawl.ts does the rest).
 *
 * - A host is a census provider when its NodeInfo names govblog (whose
 *   providers publish the census feed), or when it answers the census feed
 *   (`/api/v1/gov/directory`) itself. Anything else (a plain Mastodon server)
 *   is skipped and reported: discovery counts only what a provider publishes
 *   of its own accounts, never a classification of someone else's directory.
 * - Peer lists (`/api/v1/instance/peers`) are read from the given providers
 *   and from providers found, down to `depth` hops from a given one.
 * - A provider is named by its host as the peer list wrote it (lower case,
 *   `host[:port]`), the name every record of its feed must carry, and is
 *   crawled once however often it is listed; a NodeInfo naming the provider
 *   otherwise is skipped (its records would all be refused, and an alias of
 *   another provider would count its accounts twice).
 * - Polite: one request at a time to a host, `hostIntervalMs` between two,
 *   429 and 503 retried after their Retry-After, a timeout on each request,
 *   a User-Agent naming govblog's census. A host found in a peer list that
 *   is or resolves to a loopback, private or reserved address is refused
 *   unless `allowPrivatePeers`; every connection to it is guarded again.
 * - Resumable: the state (every host known, in breadth-first order, with
 *   what was found) is saved atomically to `<out>.discovery.json` after each
 *   host; hosts are committed in that order whatever order their answers
 *   arrive in, so a resumed discovery ends exactly as an unbroken one would.
 */
import { readFile, rm, stat, truncate } from 'node:fs/promises';
import { privateAddressOf } from '../app/private-address.js';
import { VERSION } from '../app/version.js';
import { checkpointPath, crawl, CrawlRefused, type CrawlEnv, type CrawlOutcome } from './crawl.js';
import { guardedFetch } from '../app/fetch-guarded.js';
import { createHttpClient, DEFAULT_RETRY_POLICY, GiveUpError, sleep as realSleep, type HttpClient, type HttpClientOptions } from './retry.js';
import { GOV_DIRECTORY_PATH } from './sources/provider-directory.js';
import { apiUrl, sameOrigin } from './sources/source.js';
import { writeAtomically } from './atomic-file.js';

/** What a host turned out to be. */
export type HostStatus = 'given' | 'pending' | 'provider' | 'skipped';

/** One host that discovery knows of, given or found. */
export interface DiscoveredHost {
  /** Lower-case `host[:port]`: the key, and a found provider's name in the census. */
  host: string;
  /** Its base URL; null until it is asked. */
  url: string | null;
  /** Hops from a given provider (0 for one). */
  depth: number;
  /** The host whose peer list named it first; null for a given provider. */
  via: string | null;
  status: HostStatus;
  /** What was seen: the software of a provider, why a host was skipped. */
  reason: string | null;
  /** Its peer list has been read (or tried). */
  peersRead: boolean;
}

/** `<out>.discovery.json`. */
export interface DiscoveryState {
  version: 1;
  /** The given providers' URLs, as the crawl request has them. */
  given: string[];
  depth: number;
  maxProviders: number;
  maxHosts: number;
  allowPrivatePeers: boolean;
  /** Every host known, given ones first, then in breadth-first order. */
  hosts: DiscoveredHost[];
  /** Peers not queued because `maxHosts` hosts were already. */
  unqueued: number;
  done: boolean;
  /** The crawl of the providers has begun (its checkpoint is the state from then on). */
  crawling: boolean;
  started_at: string;
  updated_at: string;
}

export interface DiscoverRequest {
  /** The given providers' normalized URLs (see normalizeProviderUrl). */
  given: string[];
  /** Their census names, by URL, as CrawlRequest.names: a peer listed under one of them is that provider. */
  names?: Record<string, string>;
  /** Peer lists are followed this many hops from a given provider (1: the given providers' peers). */
  depth: number;
  /** At most this many providers found beyond the given ones. */
  maxProviders: number;
  /** At most this many hosts asked whether they are census providers. */
  maxHosts: number;
  allowPrivatePeers: boolean;
  /** Where the state is kept. */
  statePath: string;
  fresh?: boolean;
}

/** Told what discovery is doing; the CLI prints lines or draws a bar from it. */
export interface DiscoveryProgress {
  start(state: DiscoveryState, resumed: boolean): void;
  /** A host has been asked (and its peers read, when they are followed). */
  host(h: DiscoveredHost, peers: { listed: number; queued: number } | null, state: DiscoveryState): void;
  note(host: string, message: string): void;
  finish(outcome: DiscoveryOutcome): void;
}

export interface DiscoveryOutcome {
  state: DiscoveryState;
  resumed: boolean;
  interrupted: boolean;
  /** Providers found, in breadth-first order. */
  found: DiscoveredHost[];
  skipped: DiscoveredHost[];
  /** Hosts known but not asked: the provider bound was reached first. */
  notAsked: number;
}

export interface DiscoverEnv {
  /** As the crawl's: policy, timeout, body cap, sleep, clock; `fetch` is used for the given providers only. */
  http?: Omit<HttpClientOptions, 'onRetry'>;
  progress?: DiscoveryProgress;
  signal?: AbortSignal;
  now?: () => Date;
  /** The least time between the start of two requests to one host (default 1000 ms). */
  hostIntervalMs?: number;
  /** Hosts asked at once (default 4); one request at a time to each. */
  concurrency?: number;
}

export const DISCOVERY_DEFAULTS = { depth: 1, maxProviders: 50, maxHosts: 500, hostIntervalMs: 1000, concurrency: 4 } as const;

/** Discovery asks small questions: fewer retries and a shorter timeout than the crawl's pages get. */
const DISCOVERY_MAX_RETRIES = 2;
const DISCOVERY_MAX_TIMEOUT_MS = 10_000;

export const DISCOVERY_USER_AGENT = `govblog/${VERSION} (census crawler; provider discovery)`;

const NODEINFO_RELS = ['http://nodeinfo.diaspora.software/ns/schema/2.1', 'http://nodeinfo.diaspora.software/ns/schema/2.0'];

export function discoveryStatePath(out: string): string {
  return `${out}.discovery.json`;
}

/**
 * A peer list's entry as a host key: lower case, punycode, no trailing dot,
 * no default https port; null when it is not a host name or IPv4 address
 * with an optional port (Mastodon's peers are domains).
 */
export function normalizePeer(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (s === '' || s.length > 261 || /[/?#@\\\s]/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(`https://${s}`);
  } catch {
    return null;
  }
  const hostname = u.hostname.replace(/\.$/, '');
  if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(hostname) || hostname.length > 253) return null;
  return u.port ? `${hostname}:${u.port}` : hostname;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}


const STATUSES = new Set<HostStatus>(['given', 'pending', 'provider', 'skipped']);

/** Reads and checks a saved state; one this request cannot continue is a refusal naming why. */
async function readState(path: string, req: DiscoverRequest): Promise<DiscoveryState> {
  let st: DiscoveryState;
  try {
    st = JSON.parse(await readFile(path, 'utf8')) as DiscoveryState;
  } catch (e) {
    throw new CrawlRefused(`${path}: not a readable discovery state (${(e as Error).message}); use --fresh to start over`);
  }
  const ok =
    st !== null &&
    typeof st === 'object' &&
    st.version === 1 &&
    Array.isArray(st.given) &&
    Array.isArray(st.hosts) &&
    st.hosts.every((h) => typeof h.host === 'string' && STATUSES.has(h.status) && Number.isSafeInteger(h.depth) && (h.url === null || typeof h.url === 'string'));
  if (!ok) throw new CrawlRefused(`${path}: not a discovery state of this version of govblog; use --fresh to start over`);
  const was = (s: { given: readonly string[]; depth: number; maxProviders: number; maxHosts: number; allowPrivatePeers: boolean }): string =>
    `--provider ${[...s.given].sort().join(' --provider ')} --depth ${s.depth} --max-providers ${s.maxProviders} --max-hosts ${s.maxHosts}${s.allowPrivatePeers ? ' --allow-private-peers' : ''}`;
  if (was(st) !== was(req)) {
    throw new CrawlRefused(`${path} is a discovery of ${was(st)}; give the same flags to resume it, or pass --fresh to start over`);
  }
  return st;
}

/** The given providers as the first hosts, each under its URL's host and its census name. */
function blankState(req: DiscoverRequest, stamp: string): DiscoveryState {
  return {
    version: 1,
    given: [...req.given],
    depth: req.depth,
    maxProviders: req.maxProviders,
    maxHosts: req.maxHosts,
    allowPrivatePeers: req.allowPrivatePeers,
    hosts: req.given.map((url) => ({ host: new URL(url).host.toLowerCase(), url, depth: 0, via: null, status: 'given', reason: null, peersRead: false })),
    unqueued: 0,
    done: false,
    crawling: false,
    started_at: stamp,
    updated_at: stamp,
  };
}

/** What asking one host gave, applied in breadth-first order. */
type Answer =
  | { kind: 'asked'; status: HostStatus; url: string | null; reason: string | null; peers: string[] | null }
  | { kind: 'aborted' };

/** `fetch` that keeps `intervalMs` between the starts of two requests (a host's requests are already one at a time). */
function spaced(inner: typeof fetch, intervalMs: number, wait: (ms: number, signal?: AbortSignal) => Promise<void>, now: () => number): typeof fetch {
  let nextAt = 0;
  const f = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const delay = nextAt - now();
    if (delay > 0) await wait(delay, init?.signal ?? undefined);
    nextAt = now() + intervalMs;
    return inner(input, init);
  };
  return f as typeof fetch;
}

function describeSoftware(doc: unknown): { name: string; version: string; provider: string | null; verified: number | null } | null {
  if (doc === null || typeof doc !== 'object') return null;
  const d = doc as { software?: { name?: unknown; version?: unknown }; metadata?: { provider?: unknown; verifiedGovernmentAccounts?: unknown } };
  if (typeof d.software?.name !== 'string') return null;
  return {
    name: d.software.name.toLowerCase(),
    version: typeof d.software.version === 'string' ? d.software.version : '',
    provider: typeof d.metadata?.provider === 'string' ? d.metadata.provider : null,
    verified: typeof d.metadata?.verifiedGovernmentAccounts === 'number' ? d.metadata.verifiedGovernmentAccounts : null,
  };
}

/** NodeInfo's software, or a few words on why there is none to read. */
async function readNodeInfo(base: string, http: HttpClient, signal: AbortSignal): Promise<ReturnType<typeof describeSoftware> | string> {
  try {
    const links = await http.getJson(apiUrl(base, '/.well-known/nodeinfo', {}), signal);
    if (links.status < 200 || links.status > 299) return `no NodeInfo (HTTP ${links.status})`;
    const list = (links.body as { links?: unknown } | null)?.links;
    if (!Array.isArray(list)) return 'no NodeInfo links';
    const hrefOf = (rel: string): string | null => {
      const l = (list as { rel?: unknown; href?: unknown }[]).find((x) => typeof x?.rel === 'string' && x.rel.replace(/^https:/, 'http:') === rel && typeof x.href === 'string');
      return l ? (l.href as string) : null;
    };
    const href = NODEINFO_RELS.map(hrefOf).find((h) => h !== null) ?? null;
    if (href === null) return 'no NodeInfo 2.0 or 2.1 link';
    let doc: string;
    try {
      doc = new URL(href, base).toString();
    } catch {
      return 'a NodeInfo link that is not a URL';
    }
    // Only on the host asked: a link elsewhere would let a peer list steer the crawler anywhere.
    if (!sameOrigin(doc, base)) return `NodeInfo on another origin (${new URL(doc).origin}), not read`;
    const res = await http.getJson(doc, signal);
    if (res.status < 200 || res.status > 299) return `no NodeInfo document (HTTP ${res.status})`;
    return describeSoftware(res.body) ?? 'a NodeInfo document without software.name';
  } catch (e) {
    // An answer that is not JSON (a web page where NodeInfo would be) leaves the census feed to ask; a host that
    // does not answer at all is unreachable, and is not asked again for the feed.
    if (!signal.aborted && e instanceof GiveUpError && /^HTTP 2\d\d with a body that is not JSON/.test(e.reason)) return 'no NodeInfo (not JSON)';
    throw e;
  }
}

/** Whether the host is a census provider, and where to read it; the reason either way. */
async function probe(h: DiscoveredHost, base: string, http: HttpClient, signal: AbortSignal): Promise<{ status: HostStatus; reason: string }> {
  const info = await readNodeInfo(base, http, signal);
  const misnamed = (name: string): { status: HostStatus; reason: string } => ({
    status: 'skipped',
    reason: `it names itself ${JSON.stringify(name)}, not ${h.host} (an alias of another provider, or one to give as --provider ${name}=${base})`,
  });
  if (typeof info === 'object' && info !== null && info.name === 'govblog') {
    if (info.provider !== null && info.provider.toLowerCase() !== h.host) return misnamed(info.provider);
    return { status: 'provider', reason: `govblog ${info.version}${info.verified !== null ? `, ${info.verified} verified government accounts` : ''}` };
  }
  const seen = typeof info === 'string' ? info : info === null ? 'unreadable NodeInfo' : `NodeInfo: ${info.name} ${info.version}`.trim();
  // Not a govblog by its NodeInfo: it still counts if it answers the census feed.
  const res = await http.getJson(apiUrl(base, GOV_DIRECTORY_PATH, { limit: '1', verified: 'true' }), signal);
  if (res.status >= 200 && res.status <= 299 && Array.isArray(res.body)) {
    const first = res.body[0] as { provider?: unknown } | undefined;
    if (typeof first?.provider === 'string' && first.provider.toLowerCase() !== h.host) return misnamed(first.provider);
    return { status: 'provider', reason: `answers the census feed (${seen})` };
  }
  const feed = res.status >= 200 && res.status <= 299 ? 'not a list of records' : `HTTP ${res.status}`;
  return { status: 'skipped', reason: `not a census provider (${seen}; ${GOV_DIRECTORY_PATH}: ${feed})` };
}

/** The host keys of a peer list (de-duplicated, in its order), or null when it could not be read. */
async function readPeers(h: DiscoveredHost, base: string, http: HttpClient, signal: AbortSignal, note: (m: string) => void): Promise<string[] | null> {
  try {
    const res = await http.getJson(apiUrl(base, '/api/v1/instance/peers', {}), signal);
    if (res.status < 200 || res.status > 299) {
      note(`no peer list (/api/v1/instance/peers: HTTP ${res.status})`);
      return null;
    }
    if (!Array.isArray(res.body)) {
      note('the peer list is not a JSON array; not followed');
      return null;
    }
    const keys = new Set<string>();
    let bad = 0;
    for (const raw of res.body) {
      const key = normalizePeer(raw);
      if (key === null) bad++;
      else if (key !== h.host) keys.add(key);
    }
    if (bad > 0) note(`${bad} entries of the peer list are not host names; left out`);
    return [...keys];
  } catch (e) {
    if (signal.aborted) throw e;
    if (e instanceof GiveUpError) {
      note(`no peer list (${e.message})`);
      return null;
    }
    throw e;
  }
}

const quietProgress: DiscoveryProgress = { start() {}, host() {}, note() {}, finish() {} };

/**
 * Finds providers from the given ones; see the file's comment. Resumes from
 * `req.statePath` unless `fresh`; a state of other flags is a refusal.
 */
export async function discover(req: DiscoverRequest, env: DiscoverEnv = {}): Promise<DiscoveryOutcome> {
  const progress = env.progress ?? quietProgress;
  const now = env.now ?? (() => new Date());
  const clock = env.http?.now ?? Date.now;
  const wait = env.http?.sleep ?? realSleep;
  const interval = env.hostIntervalMs ?? DISCOVERY_DEFAULTS.hostIntervalMs;
  const concurrency = Math.max(1, env.concurrency ?? DISCOVERY_DEFAULTS.concurrency);

  if (req.fresh) await rm(req.statePath, { force: true });
  const resumed = await exists(req.statePath);
  const state = resumed ? await readState(req.statePath, req) : blankState(req, now().toISOString());
  if (!resumed) await writeAtomically(req.statePath, JSON.stringify(state));

  // Every name a host is known by: its key, and a given provider's census name too.
  const index = new Map<string, number>();
  state.hosts.forEach((h, i) => index.set(h.host, i));
  for (const [url, name] of Object.entries(req.names ?? {})) {
    const i = state.hosts.findIndex((h) => h.status === 'given' && h.url === url);
    if (i >= 0 && !index.has(name.toLowerCase())) index.set(name.toLowerCase(), i);
  }
  const found = (): number => state.hosts.filter((h) => h.status === 'provider').length;
  const full = (): boolean => found() >= req.maxProviders;
  const queued = (): number => state.hosts.filter((h) => h.status !== 'given').length;

  const save = async (): Promise<void> => {
    state.updated_at = now().toISOString();
    await writeAtomically(req.statePath, JSON.stringify(state, null, 1));
  };

  progress.start(state, resumed);

  const followPeers = (h: DiscoveredHost): boolean => (h.status === 'given' || h.status === 'provider') && h.depth < req.depth && !h.peersRead;
  const needsWork = (h: DiscoveredHost): boolean => !full() && (h.status === 'pending' || followPeers(h));

  // Stops the hosts still being asked once the bound is reached, or when the caller interrupts.
  const stopWork = new AbortController();
  const signal = env.signal ? AbortSignal.any([env.signal, stopWork.signal]) : stopWork.signal;

  const ask = async (h: DiscoveredHost): Promise<Answer> => {
    const note = (m: string): void => progress.note(h.host, m);
    try {
      let status = h.status;
      let url = h.url;
      let reason = h.reason;
      let base: typeof fetch;
      if (status === 'given') {
        base = env.http?.fetch ?? fetch;
      } else {
        const hostname = new URL(`https://${h.host}`).hostname;
        const privateAt = await privateAddressOf(hostname);
        if (privateAt !== null && !req.allowPrivatePeers) {
          const what = hostname.replace(/^\[|\]$/g, '') === privateAt ? hostname : `${hostname} resolves to ${privateAt}, which`;
          return { kind: 'asked', status: 'skipped', url: null, reason: `refused: ${what} is a private or reserved address (--allow-private-peers allows it, for tests and the demo)`, peers: null };
        }
        // Private peers (tests, the demo) speak plain http, as `serve --allow-private-peers` does.
        url = `${privateAt !== null ? 'http' : 'https'}://${h.host}`;
        base = guardedFetch({ allowPrivate: req.allowPrivatePeers });
      }
      const policy = env.http?.policy ?? DEFAULT_RETRY_POLICY;
      const http = createHttpClient({
        ...env.http,
        policy: { ...policy, retries: Math.min(policy.retries, DISCOVERY_MAX_RETRIES) },
        timeoutMs: Math.min(env.http?.timeoutMs ?? DISCOVERY_MAX_TIMEOUT_MS, DISCOVERY_MAX_TIMEOUT_MS),
        userAgent: DISCOVERY_USER_AGENT,
        fetch: spaced(base, interval, wait, clock),
        onRetry: (r) => note(`${r.reason}; retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)}s`),
      });
      if (status === 'pending') {
        try {
          ({ status, reason } = await probe(h, url as string, http, signal));
        } catch (e) {
          if (signal.aborted) throw e;
          return { kind: 'asked', status: 'skipped', url, reason: `unreachable: ${(e as Error).message}`, peers: null };
        }
      }
      const peers = followPeers({ ...h, status }) ? await readPeers(h, url as string, http, signal, note) : null;
      return { kind: 'asked', status, url, reason, peers };
    } catch (e) {
      if (signal.aborted) return { kind: 'aborted' };
      throw e;
    }
  };

  const commit = (h: DiscoveredHost, a: Answer & { kind: 'asked' }): { listed: number; queued: number } | null => {
    const wasFollowed = followPeers({ ...h, status: a.status });
    h.status = a.status;
    h.url = a.url;
    h.reason = a.reason;
    if (!wasFollowed) return null;
    h.peersRead = true;
    let added = 0;
    for (const key of a.peers ?? []) {
      if (index.has(key)) continue;
      if (queued() >= req.maxHosts) {
        state.unqueued++;
        continue;
      }
      index.set(key, state.hosts.length);
      state.hosts.push({ host: key, url: null, depth: h.depth + 1, via: h.host, status: 'pending', reason: null, peersRead: false });
      added++;
    }
    return a.peers === null ? null : { listed: a.peers.length, queued: added };
  };

  const inFlight = new Map<number, Promise<Answer>>();
  let next = 0;
  let committed = 0;
  let interrupted = false;
  const launch = (): void => {
    while (inFlight.size < concurrency && next < state.hosts.length && !full()) {
      const i = next++;
      const h = state.hosts[i] as DiscoveredHost;
      if (needsWork(h)) inFlight.set(i, ask(h));
    }
  };
  try {
    if (!state.done) {
      for (;;) {
        launch();
        while (committed < next && !inFlight.has(committed)) committed++;
        if (committed >= next) break;
        const i = committed;
        const answer = await (inFlight.get(i) as Promise<Answer>);
        inFlight.delete(i);
        committed++;
        if (answer.kind === 'aborted') {
          if (env.signal?.aborted) {
            interrupted = true;
            break;
          }
          continue;
        }
        // Answers are applied in breadth-first order; one that arrives after the bound was reached is dropped.
        if (full()) continue;
        const h = state.hosts[i] as DiscoveredHost;
        const peers = commit(h, answer);
        await save();
        progress.host(h, peers, state);
        if (full()) stopWork.abort(new Error('--max-providers reached'));
      }
    }
  } finally {
    stopWork.abort(new Error('discovery over'));
    await Promise.allSettled(inFlight.values());
  }
  if (!interrupted && !state.done) {
    state.done = true;
    await save();
  }
  const outcome: DiscoveryOutcome = {
    state,
    resumed,
    interrupted,
    found: state.hosts.filter((h) => h.status === 'provider'),
    skipped: state.hosts.filter((h) => h.status === 'skipped'),
    notAsked: state.hosts.filter((h) => h.status === 'pending').length,
  };
  progress.finish(outcome);
  return outcome;
}

/** A crawl with discovery: as CrawlRequest, with discovery's bounds. */
export interface DiscoverCrawlRequest {
  providers: string[];
  names?: Record<string, string>;
  out: string;
  pageSize: number;
  fresh?: boolean;
  depth: number;
  maxProviders: number;
  maxHosts: number;
  allowPrivatePeers: boolean;
}

export interface DiscoverCrawlEnv extends CrawlEnv {
  discoveryProgress?: DiscoveryProgress;
  hostIntervalMs?: number;
  concurrency?: number;
}

export interface DiscoverCrawlOutcome {
  discovery: DiscoveryOutcome;
  /** Null when discovery was interrupted before the crawl began. */
  crawl: CrawlOutcome | null;
}

/**
 * Discovery, then the crawl of the given and found providers. The discovery
 * state stays beside the output until the crawl is complete, so that a
 * resumed run crawls the same providers; `fresh` starts both over.
 */
export async function crawlWithDiscovery(req: DiscoverCrawlRequest, env: DiscoverCrawlEnv = {}): Promise<DiscoverCrawlOutcome> {
  const statePath = discoveryStatePath(req.out);
  const cpPath = checkpointPath(req.out);
  if (!req.fresh && !(await exists(statePath))) {
    // Refused before any request: discovery would only end in the crawl's refusal.
    if (await exists(cpPath)) throw new CrawlRefused(`${cpPath} is a crawl begun without --discover; run it again without --discover to resume it, or pass --fresh to start over`);
    const out = await stat(req.out).catch(() => null);
    if (out && out.size > 0) throw new CrawlRefused(`${req.out} exists and there is no crawl of it to resume (${statePath} is absent); remove it, choose another --out, or pass --fresh to overwrite it`);
  }
  if (req.fresh) {
    // From here a kill leaves the discovery state and an empty output: what a resume expects.
    await rm(cpPath, { force: true });
    if (await exists(req.out)) await truncate(req.out, 0);
  }
  const discovery = await discover(
    { given: req.providers, ...(req.names ? { names: req.names } : {}), depth: req.depth, maxProviders: req.maxProviders, maxHosts: req.maxHosts, allowPrivatePeers: req.allowPrivatePeers, statePath, ...(req.fresh ? { fresh: true } : {}) },
    {
      ...(env.http ? { http: env.http } : {}),
      ...(env.discoveryProgress ? { progress: env.discoveryProgress } : {}),
      ...(env.signal ? { signal: env.signal } : {}),
      ...(env.now ? { now: env.now } : {}),
      ...(env.hostIntervalMs !== undefined ? { hostIntervalMs: env.hostIntervalMs } : {}),
      ...(env.concurrency !== undefined ? { concurrency: env.concurrency } : {}),
    },
  );
  if (discovery.interrupted) return { discovery, crawl: null };
  const state = discovery.state;
  if (!state.crawling) {
    state.crawling = true;
    await writeAtomically(statePath, JSON.stringify(state, null, 1));
  }
  const names: Record<string, string> = { ...(req.names ?? {}) };
  for (const h of discovery.found) names[h.url as string] = h.host;
  const discovered = discovery.found.map((h) => h.url as string);
  const outcome = await crawl(
    { providers: [...req.providers, ...discovered], names, out: req.out, pageSize: req.pageSize, discovered, allowPrivatePeers: req.allowPrivatePeers },
    env,
  );
  if (!outcome.interrupted && outcome.providers.every((p) => p.done)) await rm(statePath, { force: true });
  return { discovery, crawl: outcome };
}
