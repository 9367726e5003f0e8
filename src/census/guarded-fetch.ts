/**
 * The fetch the census uses for providers it found itself (`--discover`):
 * their addresses come from other servers' peer lists, so every address
 * connected to goes through the private-address guard
 * (src/app/private-address.ts, as push delivery and link previews do)
 * unless the crawl is told to allow private peers. It is the subset of
 * `fetch` that the census's HTTP client uses (GET, headers, a signal,
 * redirects handed back, never followed here), built on node:http so that
 * the guarded lookup is the one the connection uses (DNS rebinding gains
 * nothing).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { PrivateAddressError, guardedLookup, isPrivateAddress } from '../app/private-address.js';

/** Bodies that a Response may not carry. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

export function guardedFetch(opts: { allowPrivate: boolean }): typeof fetch {
  const lookup = guardedLookup(opts.allowPrivate) as unknown as typeof import('node:dns').lookup;
  const guarded = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!client) return Promise.reject(new Error(`refused: ${url.protocol} URL`));
    // A literal address is connected to without a lookup, so the guarded lookup never sees it: judged here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!opts.allowPrivate && isIP(literal) && isPrivateAddress(literal)) return Promise.reject(new PrivateAddressError(url.hostname, literal));
    if (url.username || url.password) return Promise.reject(new Error('refused: credentials in the URL'));
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = client.request(url, { method: 'GET', headers, lookup, agent: false, ...(signal ? { signal } : {}) }, (res) => {
        const status = res.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (Array.isArray(v)) for (const one of v) responseHeaders.append(k, one);
          else if (v !== undefined) responseHeaders.set(k, v);
        }
        const body = NO_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        if (body === null) res.resume();
        try {
          resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
        } catch (e) {
          res.destroy();
          reject(e as Error);
        }
      });
      req.on('error', (err) => reject(signal?.aborted ? (signal.reason as Error) : err));
      req.end();
    });
  };
  return guarded as typeof fetch;
}
