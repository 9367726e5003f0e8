import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpClient, DEFAULT_RETRY_POLICY, GiveUpError, isRetryable, nextDelay, parseRetryAfter, type RetryEnv, type RetryPolicy } from './retry.js';

const policy: RetryPolicy = { retries: 5, baseMs: 100, capMs: 1000, maxRetryAfterMs: 60_000 };
const NOW = Date.UTC(2012, 11, 20, 12, 0, 0);
const env = (random = 0.5): RetryEnv => ({ policy, random: () => random, now: NOW });

describe('nextDelay', () => {
  it('gives up at once on failures a retry cannot mend: 4xx other than 408/429, 501, 505', () => {
    for (const status of [400, 401, 403, 404, 410, 422, 501, 505]) expect(nextDelay(1, { status }, env())).toBeNull();
  });

  it('retries 408, 429, other 5xx, and errors without a status (network, timeout, bad body)', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 520]) expect(nextDelay(1, { status }, env())).not.toBeNull();
    expect(nextDelay(1, { error: new Error('ECONNRESET') }, env())).not.toBeNull();
    expect(isRetryable({})).toBe(false);
  });

  it('gives up once the retries are spent', () => {
    expect(nextDelay(policy.retries, { status: 503 }, env())).not.toBeNull();
    expect(nextDelay(policy.retries + 1, { status: 503 }, env())).toBeNull();
    expect(nextDelay(1, { status: 503 }, { ...env(), policy: { ...policy, retries: 0 } })).toBeNull();
  });

  it('is full jitter: uniform below a ceiling that doubles from base up to the cap', () => {
    expect(nextDelay(1, { status: 500 }, env(0))).toBe(0);
    expect(nextDelay(1, { status: 500 }, env(0.999))).toBe(99);
    expect(nextDelay(2, { status: 500 }, env(0.999))).toBe(199);
    expect(nextDelay(3, { status: 500 }, env(0.5))).toBe(200);
    expect(nextDelay(5, { status: 500 }, env(0.999))).toBe(999); // 1600 capped to 1000
  });

  it('stays within [0, min(cap, base·2^(attempt-1))) for every attempt and random draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: policy.retries }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = nextDelay(attempt, { error: new Error('x') }, env(r));
        const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
        return d !== null && d >= 0 && d < ceiling;
      }),
    );
  });

  it('obeys Retry-After in seconds exactly, without jitter, on 429 and 503', () => {
    expect(nextDelay(1, { status: 429, retryAfter: '7' }, env(0))).toBe(7000);
    expect(nextDelay(3, { status: 503, retryAfter: ' 0 ' }, env(0.9))).toBe(0);
  });

  it('obeys Retry-After as an HTTP-date, counted from now; a date past is no wait', () => {
    const at = new Date(NOW + 42_000).toUTCString();
    expect(nextDelay(1, { status: 429, retryAfter: at }, env())).toBe(42_000);
    expect(nextDelay(1, { status: 429, retryAfter: new Date(NOW - 5000).toUTCString() }, env())).toBe(0);
  });

  it('falls back to backoff on an unreadable Retry-After, and gives up on one beyond the policy', () => {
    expect(nextDelay(1, { status: 429, retryAfter: 'soon' }, env(0.5))).toBe(50);
    expect(nextDelay(1, { status: 429, retryAfter: '61' }, env())).toBeNull();
    expect(nextDelay(1, { status: 404, retryAfter: '1' }, env())).toBeNull();
  });

  it('parseRetryAfter reads both forms and nothing else', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Thu, 20 Dec 2012 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('has defaults that try for minutes, not forever', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBeGreaterThan(2);
    expect(DEFAULT_RETRY_POLICY.capMs).toBeLessThanOrEqual(60_000);
  });
});

/** A fetch that answers from a script, one entry per call. */
function scripted(steps: Array<Response | Error | 'hang'>) {
  const calls: string[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(String(input));
    const step = steps.shift() ?? new Error('script ran out');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    }
    if (step instanceof Error) throw step;
    return step;
  }) as typeof fetch;
  return { f, calls };
}

const ok = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status: 200, headers });

describe('createHttpClient', () => {
  it('retries 503, 429 and a reset, waiting as the policy says, then returns the parsed page', async () => {
    const { f, calls } = scripted([
      new Response('', { status: 503 }),
      new Response('', { status: 429, headers: { 'retry-after': '3' } }),
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }),
      ok([{ id: '1' }], { link: '<x>; rel="next"' }),
    ]);
    const waits: number[] = [];
    const retries: string[] = [];
    const http = createHttpClient({
      policy,
      fetch: f,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
      now: () => NOW,
      onRetry: (r) => retries.push(r.reason),
    });
    const res = await http.getJson('http://p.example/page');
    expect(res.body).toEqual([{ id: '1' }]);
    expect(res.headers.get('link')).toBe('<x>; rel="next"');
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([50, 3000, 200]);
    expect(retries[0]).toMatch(/HTTP 503/);
    expect(retries[2]).toMatch(/ECONNRESET/);
  });

  it('times out an attempt that never answers, and retries it', async () => {
    const { f, calls } = scripted(['hang', ok([])]);
    const http = createHttpClient({ policy, fetch: f, timeoutMs: 30, sleep: async () => undefined });
    expect((await http.getJson('http://p.example/page')).body).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('retries a 200 whose body is not JSON (a page cut short)', async () => {
    const { f } = scripted([new Response('[{"id":', { status: 200 }), ok([1])]);
    const http = createHttpClient({ policy, fetch: f, sleep: async () => undefined });
    expect((await http.getJson('http://p.example/page')).body).toEqual([1]);
  });

  it('returns a permanent status at once, for the caller to judge (404: no such API)', async () => {
    const { f, calls } = scripted([new Response('{"error":"nope"}', { status: 404 })]);
    const http = createHttpClient({ policy, fetch: f, sleep: async () => undefined });
    const res = await http.getJson('http://p.example/page');
    expect(res).toMatchObject({ status: 404, body: undefined });
    expect(calls).toHaveLength(1);
  });

  it('gives up after retries + 1 attempts with an error naming the URL, the failure and the count', async () => {
    const { f, calls } = scripted(Array.from({ length: 10 }, () => new Response('', { status: 502 })));
    const http = createHttpClient({ policy: { ...policy, retries: 2 }, fetch: f, sleep: async () => undefined });
    const err = await http.getJson('http://down.example/api/v1/gov/directory').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GiveUpError);
    expect((err as Error).message).toBe('GET http://down.example/api/v1/gov/directory: HTTP 502 (gave up after 3 attempts)');
    expect(calls).toHaveLength(3);
  });

  it('stops at once when the caller aborts, during a request or a wait, without retrying', async () => {
    const { f, calls } = scripted(['hang', 'hang']);
    const ac = new AbortController();
    const http = createHttpClient({ policy, fetch: f, timeoutMs: 60_000 });
    const pending = http.getJson('http://p.example/page', ac.signal);
    setTimeout(() => ac.abort(new Error('killed')), 10);
    await expect(pending).rejects.toThrow('killed');
    expect(calls).toHaveLength(1);

    const { f: f2 } = scripted([new Response('', { status: 503, headers: { 'retry-after': '50' } })]);
    const ac2 = new AbortController();
    const http2 = createHttpClient({ policy, fetch: f2 });
    const started = Date.now();
    const waiting = http2.getJson('http://p.example/page', ac2.signal);
    setTimeout(() => ac2.abort(new Error('killed')), 10);
    await expect(waiting).rejects.toThrow('killed');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
