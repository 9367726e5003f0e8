import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { PrivateAddressError, guardedLookup, isPrivateAddress } from './private-address.js';
import { VERSION } from './version.js';

/** What one guarded GET may take: a bound on the body, on the whole exchange, and on redirects followed. */
export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  /** The Accept header sent. */
  accept: string;
  /** Content types taken (by prefix, lower case); anything else ends the fetch before its body is read. */
  types: readonly string[];
}

/** A page or image as fetched: where it ended up after redirects, its type, and its body. */
export interface Fetched {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** A fetch that did not give a body worth reading: not found, the wrong type, too large. Not worth retrying soon. */
export class UnusableAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableAnswerError';
  }
}

/** A host the provider's domain blocks keep it from fetching anything of (src/moderation/domain-policy.ts). */
export class RefusedHostError extends Error {
  constructor(readonly host: string) {
    super(`refused: ${host} is under a domain block`);
    this.name = 'RefusedHostError';
  }
}

/**
 * GET on a remote party's say-so (a link someone posted, a picture another
 * server names; link previews, remote media, WebFinger): every address connected
 * to, the first and each redirect's, goes through guardedRequest and so the private-address guard
 * (src/app/private-address.ts, as push delivery does) unless `allowPrivate`;
 * only http and https; at most `maxRedirects` hops, each checked anew; the
 * body read only for the accepted types and cut at `maxBytes` (larger:
 * refused, not truncated: half a page parses into nonsense). The whole
 * exchange, redirects included, is bounded by `timeoutMs`. A host that
 * `refuseHost` names, the first or a redirect's, is not contacted.
 * `purpose` goes into the User-Agent, for the other side's logs.
 */
export async function fetchGuarded(
  raw: string,
  limits: FetchLimits,
  options: { allowPrivate: boolean; signal?: AbortSignal; refuseHost?: (hostname: string) => boolean; purpose?: string },
): Promise<Fetched> {
  const signal = AbortSignal.any([AbortSignal.timeout(limits.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  let url = new URL(raw);
  for (let hop = 0; ; hop++) {
    if (options.refuseHost?.(url.hostname)) throw new RefusedHostError(url.hostname);
    const answer = await getOnce(url, limits, options.allowPrivate, signal, options.purpose ?? 'link preview');
    if ('redirect' in answer) {
      if (hop >= limits.maxRedirects) throw new UnusableAnswerError(`more than ${limits.maxRedirects} redirects`);
      url = new URL(answer.redirect, url);
      continue;
    }
    return answer;
  }
}

/**
 * One guarded GET, its answer handed back as it comes (status, headers, an
 * unread body): only http and https, no credentials in the URL, a literal
 * address judged by the private-address guard and a name resolved through
 * it (the lookup the connection itself uses, so DNS rebinding gains
 * nothing) unless `allowPrivate`. A redirect is an answer like any other:
 * following it is the caller's choice, each hop coming through here again.
 * An aborted request rejects with the signal's reason.
 */
export function guardedRequest(url: URL, options: { allowPrivate: boolean; headers: Record<string, string>; signal?: AbortSignal | undefined }): Promise<IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new UnusableAnswerError(`refused: ${url.protocol} URL`));
  // A literal address is connected to without a lookup, so the guarded lookup never sees it: judged here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new PrivateAddressError(url.hostname, literal));
  if (url.username || url.password) return Promise.reject(new UnusableAnswerError('refused: credentials in the URL'));
  const { signal } = options;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method: 'GET', headers: options.headers, lookup: guardedLookup(options.allowPrivate) as unknown as typeof import('node:dns').lookup, agent: false, ...(signal ? { signal } : {}) },
      resolve,
    );
    req.on('error', (err) => reject(signal?.aborted ? (signal.reason as Error) : err));
    req.end();
  });
}

/** Bodies that a Response may not carry. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * guardedRequest as the subset of `fetch` an HTTP client of other servers
 * uses (GET, headers, a signal; redirects handed back, never followed here):
 * the census's crawl and discovery of providers it found itself, whose
 * addresses come from other servers' peer lists.
 */
export function guardedFetch(opts: { allowPrivate: boolean }): typeof fetch {
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const res = await guardedRequest(url, { allowPrivate: opts.allowPrivate, headers: Object.fromEntries(new Headers(init?.headers).entries()), signal: init?.signal ?? undefined });
    const status = res.statusCode ?? 0;
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const one of v) headers.append(k, one);
      else if (v !== undefined) headers.set(k, v);
    }
    const body = NO_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
    if (body === null) res.resume();
    try {
      return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
    } catch (e) {
      res.destroy();
      throw e;
    }
  };
  return guarded as typeof fetch;
}

async function getOnce(url: URL, limits: FetchLimits, allowPrivate: boolean, signal: AbortSignal, purpose: string): Promise<Fetched | { redirect: string }> {
  const timedOut = () => new Error(`no answer within ${limits.timeoutMs / 1000} s`);
  let res: IncomingMessage;
  try {
    res = await guardedRequest(url, { allowPrivate, headers: { accept: limits.accept, 'user-agent': `govblog/${VERSION} (${purpose})`, 'accept-encoding': 'gzip, deflate, br' }, signal });
  } catch (err) {
    throw err instanceof DOMException && err.name === 'TimeoutError' ? timedOut() : err;
  }
  return new Promise((resolve, reject) => {
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      resolve({ redirect: res.headers.location });
      return;
    }
    const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
    const refuse = (why: string) => {
      res.destroy();
      reject(new UnusableAnswerError(why));
    };
    if (status >= 500 || status === 429 || status === 408) {
      res.resume();
      reject(new Error(`answered ${status}`));
      return;
    }
    if (status !== 200) return refuse(`answered ${status}`);
    if (!limits.types.some((t) => contentType.startsWith(t))) return refuse(`not ${limits.types.join(' or ')}: ${contentType || 'no type'}`);
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.maxBytes) return refuse(`larger than ${limits.maxBytes} bytes`);
    // The limit is on what the body decodes to: a small gzip can hold a very large page.
    const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const decoders: Record<string, () => NodeJS.ReadWriteStream> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };
    const decoder = decoders[encoding];
    if (encoding !== 'identity' && !decoder) return refuse(`unknown content encoding ${encoding}`);
    const body: Readable = decoder ? (res.pipe(decoder()) as unknown as Readable) : res;
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) {
        body.destroy();
        return refuse(`larger than ${limits.maxBytes} bytes`);
      }
      chunks.push(chunk);
    });
    body.on('end', () => resolve({ url: url.toString(), status, contentType, body: Buffer.concat(chunks) }));
    // The time running out mid-body aborts the request and errors the answer: said as the time, not as "aborted".
    const fail = (err: Error) => reject(signal.aborted ? timedOut() : err);
    body.on('error', fail);
    res.on('error', fail);
    // A body cut off (the time is up, the server hung up) may end in 'close' alone: never wait for ever.
    res.on('close', () => {
      if (!res.complete) reject(signal.aborted ? timedOut() : new Error('the answer was cut off'));
    });
  });
}
