import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
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
 * server names; link previews, remote media): every address connected
 * to, the first and each redirect's, goes through the private-address guard
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

function getOnce(url: URL, limits: FetchLimits, allowPrivate: boolean, signal: AbortSignal, purpose: string): Promise<Fetched | { redirect: string }> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new UnusableAnswerError(`refused: ${url.protocol} URL`));
  // A literal address is connected to without a lookup, so the guarded lookup never sees it: judged here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new PrivateAddressError(url.hostname, literal));
  if (url.username || url.password) return Promise.reject(new UnusableAnswerError('refused: credentials in the URL'));
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: limits.accept, 'user-agent': `govblog/${VERSION} (${purpose})`, 'accept-encoding': 'gzip, deflate, br' },
        lookup: guardedLookup(allowPrivate) as unknown as typeof import('node:dns').lookup,
        signal,
        agent: false,
      },
      (res) => {
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
        body.on('error', reject);
        res.on('error', reject);
        // A body cut off (the time is up, the server hung up) may end in 'close' alone: never wait for ever.
        res.on('close', () => {
          if (!res.complete) reject(new Error(signal.aborted ? `no answer within ${limits.timeoutMs / 1000} s` : 'the answer was cut off'));
        });
      },
    );
    req.on('error', (err) => reject(signal.aborted && signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError' ? new Error(`no answer within ${limits.timeoutMs / 1000} s`) : err));
    req.end();
  });
}
