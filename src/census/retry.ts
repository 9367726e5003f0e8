/**
 * How the crawler asks a provider for a page: a pure retry policy
 * (`nextDelay`) and the fetch wrapper that applies it, with a timeout on
 * every attempt. Clock, randomness, sleep and fetch are injected so that tests
 * run a dozen failures in milliseconds.
 */

/** How hard to try. */
export interface RetryPolicy {
  /** Retries after the first attempt: a request is sent at most `retries + 1` times. */
  retries: number;
  /** The backoff ceiling of the first retry; it doubles with every further one. */
  baseMs: number;
  /** No backoff exceeds this. */
  capMs: number;
  /** The longest Retry-After obeyed; a provider that asks for more is given up on rather than waited for. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 6,
  baseMs: 500,
  capMs: 30_000,
  // Mastodon's rate-limit windows are 5 minutes; a quarter of an hour leaves room for a provider's own.
  maxRetryAfterMs: 15 * 60_000,
};

/** What went wrong with one attempt: an HTTP status (with its Retry-After), or an error (network, timeout, bad body). */
export interface Failure {
  status?: number;
  /** The Retry-After header as sent: delta-seconds or an HTTP-date. */
  retryAfter?: string | null;
  error?: unknown;
}

/** What `nextDelay` needs besides the failure: the policy, a random source in [0, 1) and the time now. */
export interface RetryEnv {
  policy: RetryPolicy;
  random: () => number;
  /** Milliseconds since the epoch, to turn an HTTP-date Retry-After into a delay. */
  now: number;
}

// 501 and 505 say the server will never do it; other 5xx are the server's passing trouble.
const PERMANENT_5XX = new Set([501, 505]);

/** Whether the failure may go away if the same request is sent again. */
export function isRetryable(f: Failure): boolean {
  if (f.status === undefined) return f.error !== undefined;
  return f.status === 408 || f.status === 429 || (f.status >= 500 && f.status <= 599 && !PERMANENT_5XX.has(f.status));
}

/** A Retry-After value (RFC 9110 §10.2.3) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Every HTTP-date names its month; without letters, Date.parse would read "-5" as a year.
  if (!/[a-z]{3}/i.test(v)) return null;
  // Date.parse reads IMF-fixdate and the obsolete RFC 850 and asctime forms alike.
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * The wait before attempt `attempt + 1`, given that attempt `attempt`
 * (counted from 1) failed as `failure`; null to give up: the failure is
 * permanent, the attempts are spent, or the provider asks for a longer wait
 * than the policy allows.
 *
 * A Retry-After is obeyed as given: the provider knows when its window
 * reopens, and jitter would only risk arriving early. Otherwise the wait is
 * "full jitter" backoff, uniform in [0, min(cap, base * 2^(attempt-1))),
 * which spreads retries of many clients best (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015).
 */
export function nextDelay(attempt: number, failure: Failure, env: RetryEnv): number | null {
  const { policy } = env;
  if (!isRetryable(failure) || attempt > policy.retries) return null;
  const asked = parseRetryAfter(failure.retryAfter, env.now);
  if (asked !== null) return asked > policy.maxRetryAfterMs ? null : asked;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(env.random() * ceiling);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Redirects followed for one request; more is a failure of that request (as a loop would be). */
export const MAX_REDIRECTS = 5;

/**
 * The largest response body read, by default: 16 MiB, some forty times a full page of the census
 * feed (1000 records) or of the Mastodon directory (80 accounts). A larger answer is a failure of
 * that provider, read no further.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A failure that sending the request again cannot mend: the client gives up at once. */
class Refused extends Error {}

/** What the HTTP client is made of; every part but the policy and timeout has a real default. */
export interface HttpClientOptions {
  policy?: RetryPolicy;
  /** Per attempt, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  /** The largest body read (DEFAULT_MAX_BODY_BYTES); a larger one is a failure, not retried. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  userAgent?: string;
  /** Told before every wait, so that progress can say why the crawl is slow. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  url: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  reason: string;
}

/** The answer to a GET: a 2xx with its parsed JSON body, or a status that retrying will not change (body undefined). */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The request failed on every attempt, or failed in a way that retrying cannot mend. */
export class GiveUpError extends Error {
  constructor(
    readonly url: string,
    readonly attempts: number,
    readonly reason: string,
  ) {
    super(`GET ${url}: ${reason}${attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''}`);
    this.name = 'GiveUpError';
  }
}

export interface HttpClient {
  getJson(url: string, signal?: AbortSignal): Promise<JsonResponse>;
}

/** Why an attempt failed, in a few words: the status, or the socket error's code rather than undici's "fetch failed". */
export function describeFailure(f: Failure): string {
  if (f.status !== undefined) return `HTTP ${f.status}${f.retryAfter ? ` (Retry-After: ${f.retryAfter})` : ''}`;
  const e = f.error as (Error & { cause?: { code?: string; message?: string } }) | undefined;
  if (!e) return 'unknown failure';
  const cause = e.cause;
  if (cause?.code) return `${e.message} (${cause.code})`;
  if (cause?.message) return `${e.message} (${cause.message})`;
  return e.message ?? String(e);
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const doFetch = opts.fetch ?? fetch;
  const wait = opts.sleep ?? sleep;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const headers = { accept: 'application/json', 'user-agent': opts.userAgent ?? 'govblog-census' };

  /**
   * Sends the GET, following redirects by hand: at most MAX_REDIRECTS, and only on the origin of
   * the URL asked for, so that a provider cannot point the crawler at another host (SSRF).
   */
  async function fetchOnOrigin(url: string, signal: AbortSignal): Promise<Response> {
    const origin = new URL(url).origin;
    let at = url;
    for (let redirects = 0; ; ) {
      const res = await doFetch(at, { headers, signal, redirect: 'manual' });
      const location = res.headers.get('location');
      if (!REDIRECT_STATUSES.has(res.status) || location === null) return res;
      await res.body?.cancel().catch(() => undefined);
      let to: URL;
      try {
        to = new URL(location, at);
      } catch {
        throw new Refused(`redirected to ${JSON.stringify(location)}, which is not a URL`);
      }
      if (to.origin !== origin) throw new Refused(`redirected off ${origin}, to ${to.toString()}`);
      if (++redirects > MAX_REDIRECTS) throw new Refused(`more than ${MAX_REDIRECTS} redirects`);
      at = to.toString();
    }
  }

  /** The body as text, read no further than maxBodyBytes. */
  async function boundedText(res: Response): Promise<string> {
    const tooLarge = (): Refused => new Refused(`the answer is larger than ${maxBodyBytes} bytes`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      // Counted as it arrives: a body sent chunked, or longer than it announced, is stopped at the cap.
      if (size > maxBodyBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }

  async function getJson(url: string, signal?: AbortSignal): Promise<JsonResponse> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(timeoutMs);
      const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let failure: Failure;
      try {
        const res = await fetchOnOrigin(url, both);
        if (res.ok) {
          // The body is read under the same timeout: a provider that stalls mid-page is as down as one that never answers.
          const text = await boundedText(res);
          try {
            return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown };
          } catch {
            failure = { error: new Error(`HTTP ${res.status} with a body that is not JSON (${text.length} bytes)`) };
          }
        } else {
          failure = { status: res.status, retryAfter: res.headers.get('retry-after') };
          // Drop the body so the connection can be reused; its content does not change what happens next.
          await res.body?.cancel().catch(() => undefined);
          if (!isRetryable(failure)) return { status: res.status, headers: res.headers, body: undefined };
        }
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (e instanceof Refused) throw new GiveUpError(url, attempt, e.message);
        failure = { error: timeout.aborted ? new Error(`no complete answer within ${timeoutMs / 1000}s`) : e };
      }
      const delay = nextDelay(attempt, failure, { policy, random, now: now() });
      if (delay === null) throw new GiveUpError(url, attempt, describeFailure(failure));
      opts.onRetry?.({ url, attempt, delayMs: delay, reason: describeFailure(failure) });
      await wait(delay, signal);
    }
  }

  return { getJson };
}
