import { appendFileSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedupe, fakeProvidersClosedAfterEach, sortRecords, type FakeProvider } from '../../test/fake-providers.js';
import type { AccountRecord } from '../domain/account-record.js';
import { checkpointPath, crawl, CrawlRefused, normalizeProviderUrl, type Checkpoint, type CrawlEnv } from './crawl.js';
import { plainProgress } from './crawl-progress.js';
import { createHttpClient, DEFAULT_MAX_BODY_BYTES, MAX_REDIRECTS } from './retry.js';
import { providerDirectory } from './sources/provider-directory.js';
import { SourceError } from './sources/source.js';
import { parseCutoff } from './cutoff.js';
import { makeReport } from './run-report.js';

const fake = fakeProvidersClosedAfterEach();

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'govblog-crawl-'));
}

/** Fast waits (recorded), short timeouts, and progress lines captured. */
function testEnv(overrides: Partial<CrawlEnv> & { timeoutMs?: number; retries?: number; maxBodyBytes?: number } = {}) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const env: CrawlEnv = {
    progress: plainProgress((l) => lines.push(l), { everyPages: 1 }),
    http: {
      timeoutMs: overrides.timeoutMs ?? 300,
      policy: { retries: overrides.retries ?? 6, baseMs: 10, capMs: 100, maxRetryAfterMs: 60_000 },
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      ...(overrides.maxBodyBytes !== undefined ? { maxBodyBytes: overrides.maxBodyBytes } : {}),
    },
    ...(overrides.signal ? { signal: overrides.signal } : {}),
  };
  return { env, sleeps, lines };
}

/** The census names of fakes: what their records call them. */
function namesOf(...ps: FakeProvider[]): Record<string, string> {
  return Object.fromEntries(ps.map((p) => [p.url, p.name]));
}

function lines(path: string): AccountRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AccountRecord);
}

/** What a correct crawl of a Mastodon fake yields, in the fields the fake decides. */
function mastodonKeys(p: FakeProvider, count: number) {
  return Array.from({ length: count }, (_, k) => ({ provider: p.host, id: String(k + 1), verified: (k + 1) % 2 === 1 }));
}

describe('crawl', () => {
  it('is exact across three providers at once despite 500s, 429s with Retry-After, timeouts, resets and bodies cut short', async () => {
    const a = await fake({
      kind: 'gov',
      count: 2345,
      name: 'weibo.example',
      bad: new Set([50, 1999]),
      fault: (n) => (n === 3 ? 'reset' : n === 7 ? 'hang' : n === 11 ? 'truncate' : n % 5 === 2 ? { status: 500 } : undefined),
    });
    const b = await fake({ kind: 'gov', count: 1000, name: 'qq.example', fault: (n) => (n % 4 === 1 ? { status: 429, retryAfter: '2' } : undefined) });
    const c = await fake({ kind: 'mastodon', count: 333, fault: (n) => (n === 2 ? { status: 503 } : n === 4 ? 'hang' : undefined) });
    const out = join(workdir(), 'accounts.jsonl');
    const { env, sleeps, lines: progress } = testEnv();

    const outcome = await crawl({ providers: [a.url, b.url, c.url], names: namesOf(a, b, c), out, pageSize: 100 }, env);

    expect(outcome.interrupted).toBe(false);
    expect(outcome.providers.map((p) => [p.name, p.done, p.error, p.source])).toEqual([
      [a.name, true, null, 'gov-directory'],
      [b.name, true, null, 'gov-directory'],
      [c.host, true, null, 'mastodon-directory'],
    ]);
    expect(outcome.providers[0]).toMatchObject({ written: 2343, rejected: 2 });
    expect(existsSync(checkpointPath(out))).toBe(false);

    const written = lines(out);
    const unique = dedupe(readFileSync(out, 'utf8'));
    // Not only the de-duplicated census: no page was written twice either.
    expect(written).toHaveLength(unique.length);
    const gov = unique.filter((r) => r.provider !== c.host);
    expect(gov).toEqual(sortRecords([...a.truth(), ...b.truth()]));
    const masto = unique.filter((r) => r.provider === c.host);
    expect(masto.map((r) => ({ provider: r.provider, id: r.id, verified: r.verified }))).toEqual(mastodonKeys(c, 333));
    expect(masto.find((r) => r.id === '1')?.labels).toMatchObject({ government: true, public_security: true, province: '61' });

    // Retry-After is obeyed as given; the other waits are jittered backoff.
    expect(sleeps.filter((ms) => ms === 2000).length).toBeGreaterThanOrEqual(4);
    const text = progress.join('\n');
    expect(text).toMatch(new RegExp(`${c.host}: no census feed \\(HTTP 404`));
    expect(text).toMatch(/left out item 49 of .*created_at: not an RFC 3339 timestamp/);
    expect(text).toMatch(/HTTP 429 \(Retry-After: 2\); retry 1 in 2\.0s/);
    expect(text).toMatch(/no complete answer within 0\.3s/);
    expect(text).toContain(`crawl: ${a.name}: done, 2343 accounts in 24 pages (census feed), 2 records left out`);
  });

  it('resumes a crawl killed half-way from its checkpoint: nothing lost, nothing twice, no page fetched again', async () => {
    const kill = new AbortController();
    let phase: 'first' | 'resume' = 'first';
    // The gov feed's 6th request kills the crawl; the Mastodon directory hangs from its 3rd until then.
    const a = await fake({ kind: 'gov', count: 1234, name: 'weibo.example', fault: (n) => (phase === 'first' && n === 6 ? (kill.abort(new Error('killed')), 'hang') : undefined) });
    const c = await fake({ kind: 'mastodon', count: 400, fault: (n) => (phase === 'first' && n >= 3 ? 'hang' : undefined) });
    const out = join(workdir(), 'accounts.jsonl');

    const first = await crawl({ providers: [a.url, c.url], names: namesOf(a, c), out, pageSize: 100 }, testEnv({ signal: kill.signal, timeoutMs: 10_000 }).env);
    expect(first.interrupted).toBe(true);
    expect(first.providers.map((p) => [p.done, p.error])).toEqual([
      [false, null],
      [false, null],
    ]);
    const cp = JSON.parse(readFileSync(checkpointPath(out), 'utf8')) as Checkpoint;
    expect(cp.bytes).toBe(statSync(out).size);
    expect(cp.providers[a.url]).toEqual({
      name: a.name, source: 'gov-directory', next: `${a.url}/api/v1/gov/directory?limit=100&verified=true&min_id=500`, written: 500, pages: 5, rejected: 0, done: false,
    });
    expect(cp.providers[c.url]).toEqual({
      name: c.host, source: 'mastodon-directory', next: `${c.url}/api/v1/directory?offset=160&limit=80&order=new&local=true`, written: 160, pages: 2, rejected: 0, done: false,
    });
    expect(lines(out)).toHaveLength(660);

    // A kill can also land after a page is written but before its checkpoint, even mid-line.
    appendFileSync(out, readFileSync(out, 'utf8').split('\n').slice(0, 3).join('\n') + '\n{"provider":"weibo.exa');

    phase = 'resume';
    const seenA = a.requests.length;
    const seenC = c.requests.length;
    const { env, lines: progress } = testEnv();
    const second = await crawl({ providers: [c.url, a.url], names: namesOf(c, a), out, pageSize: 100 }, env);
    expect(second.resumed).toBe(true);
    expect(second.providers.every((p) => p.done)).toBe(true);
    expect(existsSync(checkpointPath(out))).toBe(false);
    expect(a.requests[seenA]?.searchParams.get('min_id')).toBe('500');
    expect(c.requests[seenC]?.searchParams.get('offset')).toBe('160');
    expect(progress).toContain(`crawl: ${a.name}: resuming at 500 accounts, page 5`);

    const written = lines(out);
    expect(written).toHaveLength(1234 + 400);
    const unique = dedupe(readFileSync(out, 'utf8'));
    expect(unique.filter((r) => r.provider === 'weibo.example')).toEqual(a.truth());
    expect(unique.filter((r) => r.provider === c.host).map((r) => ({ provider: r.provider, id: r.id, verified: r.verified }))).toEqual(mastodonKeys(c, 400));
  });

  it('lets the others finish when one provider stays down, keeps the checkpoint, and resumes only the one that failed', async () => {
    let down = true;
    const a = await fake({ kind: 'gov', count: 250, name: 'weibo.example' });
    const d = await fake({ kind: 'gov', count: 120, name: 'down.example', fault: (n) => (down && n >= 2 ? { status: 503 } : undefined) });
    const out = join(workdir(), 'accounts.jsonl');

    const first = await crawl({ providers: [a.url, d.url], names: namesOf(a, d), out, pageSize: 50 }, testEnv({ retries: 2 }).env);
    expect(first.providers[0]).toMatchObject({ done: true, written: 250 });
    expect(first.providers[1]).toMatchObject({ done: false, written: 50 });
    expect(first.providers[1]?.error).toBe(`GET ${d.url}/api/v1/gov/directory?limit=50&verified=true&min_id=50: HTTP 503 (gave up after 3 attempts)`);
    expect(existsSync(checkpointPath(out))).toBe(true);

    down = false;
    const seenA = a.requests.length;
    const second = await crawl({ providers: [a.url, d.url], names: namesOf(a, d), out, pageSize: 50 }, testEnv().env);
    expect(second.providers.every((p) => p.done)).toBe(true);
    expect(a.requests.length).toBe(seenA);
    expect(sortRecords(lines(out))).toEqual(sortRecords([...a.truth(), ...d.truth()]));
  });

  it('a feed that vanishes after its first page is an error, not a silent switch of source', async () => {
    const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => (n === 2 ? { status: 404 } : undefined) });
    const out = join(workdir(), 'accounts.jsonl');
    const r = await crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv().env);
    expect(r.providers[0]).toMatchObject({ done: false, source: 'gov-directory', written: 10 });
    expect(r.providers[0]?.error).toMatch(/HTTP 404/);
  });

  it('refuses an output it did not start, a checkpoint of other providers, and an output shorter than its checkpoint; --fresh starts over', async () => {
    const a = await fake({ kind: 'gov', count: 5, name: 'weibo.example' });
    const b = await fake({ kind: 'gov', count: 5, name: 'qq.example' });
    const dir = workdir();
    const out = join(dir, 'accounts.jsonl');
    writeFileSync(out, '{"something":"else"}\n');
    await expect(crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv().env)).rejects.toThrow(CrawlRefused);
    await expect(crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv().env)).rejects.toThrow(/accounts\.jsonl exists .*--fresh/);
    expect(readFileSync(out, 'utf8')).toBe('{"something":"else"}\n');

    const fresh = await crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10, fresh: true }, testEnv().env);
    expect(fresh.written).toBe(5);
    expect(lines(out)).toEqual(a.truth());

    const cp: Checkpoint = {
      version: 1, out, bytes: 0, started_at: '2012-12-20T00:00:00Z', updated_at: '2012-12-20T00:00:00Z',
      providers: { [a.url]: { name: a.name, source: 'gov-directory', next: null, written: 0, pages: 0, rejected: 0, done: false } },
    };
    writeFileSync(checkpointPath(out), JSON.stringify(cp));
    await expect(crawl({ providers: [a.url, b.url], names: namesOf(a, b), out, pageSize: 10 }, testEnv().env)).rejects.toThrow(/crawl of other providers/);
    writeFileSync(checkpointPath(out), JSON.stringify({ ...cp, bytes: 1_000_000 }));
    await expect(crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv().env)).rejects.toThrow(/shorter/);
    writeFileSync(checkpointPath(out), '{"version":');
    await expect(crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv().env)).rejects.toThrow(/not a readable checkpoint/);
  });

  it("a provider cannot write records in another provider's name: forged records are left out, the real one's ranking and names stand", async () => {
    const real = await fake({ kind: 'gov', count: 30 });
    // The forger serves the real provider's name and ids, renamed, with followers that would top the ranking; late, so that its lines come last.
    const forger = await fake({
      kind: 'gov',
      count: 30,
      delayMs: 50,
      forge: (honest) => ({ ...honest, provider: real.host, name: `假冒${honest.id}`, followers: 10 ** 9, posts: 10 ** 6 }),
    });
    const out = join(workdir(), 'accounts.jsonl');
    const { env, lines: progress } = testEnv();
    const outcome = await crawl({ providers: [real.url, forger.url], out, pageSize: 100 }, env);

    const report = await makeReport({ inputs: [out], cutoff: parseCutoff('2012-12-20')!, previous: [], previousCutoff: parseCutoff('2011-12-20')! }, { err: () => {} });
    const truth = new Map(real.truth().map((r) => [r.id, r]));
    expect(report.ranking.institutional.length).toBeGreaterThan(3);
    for (const a of report.ranking.institutional) {
      expect(a.provider).toBe(real.host);
      expect(a.name).toBe(truth.get(a.id)?.name);
      expect(a.followers).toBe(truth.get(a.id)?.followers);
    }
    expect(Object.keys(report.by_provider)).toEqual([real.host]);
    expect(outcome.providers.map((p) => [p.name, p.done, p.written, p.rejected])).toEqual([
      [real.host, true, 30, 0],
      [forger.host, true, 0, 30],
    ]);
    expect(progress.join('\n')).toContain(`crawl: ${forger.host}: left out item 0 of ${forger.url}/api/v1/gov/directory?limit=100&verified=true: provider: "${real.host}" is not this source's name "${forger.host}"`);
    expect(dedupe(readFileSync(out, 'utf8'))).toEqual(real.truth());

  });

  it("names each source as the operator says (NAME for a URL): the real one's records carry it, a forger claiming it is left out, two sources of one name are refused", async () => {
    const real = await fake({ kind: 'gov', count: 12, name: 'weibo.example' });
    const forger = await fake({ kind: 'gov', count: 12, name: 'weibo.example', forge: (honest) => ({ ...honest, name: `假冒${honest.id}` }) });
    const dir = workdir();
    await expect(crawl({ providers: [real.url, forger.url], names: { [real.url]: 'weibo.example', [forger.url]: 'Weibo.Example' }, out: join(dir, 'a.jsonl'), pageSize: 10 }, testEnv().env)).rejects.toThrow(
      new CrawlRefused(`${real.url} and ${forger.url} are both named Weibo.Example: give each provider its own name`),
    );
    expect(existsSync(join(dir, 'a.jsonl'))).toBe(false);

    const out = join(dir, 'b.jsonl');
    const outcome = await crawl({ providers: [real.url, forger.url], names: { [real.url]: 'weibo.example' }, out, pageSize: 10 }, testEnv().env);
    expect(outcome.providers.map((p) => [p.name, p.written, p.rejected])).toEqual([
      ['weibo.example', 12, 0],
      [forger.host, 0, 12],
    ]);
    expect(dedupe(readFileSync(out, 'utf8'))).toEqual(real.truth());
  });

  it('refuses to resume a crawl under other names than it started with', async () => {
    const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => (n === 2 ? { status: 500 } : undefined) });
    const out = join(workdir(), 'accounts.jsonl');
    const first = await crawl({ providers: [a.url], names: namesOf(a), out, pageSize: 10 }, testEnv({ retries: 0 }).env);
    expect(first.providers[0]).toMatchObject({ done: false, written: 10 });
    await expect(crawl({ providers: [a.url], names: { [a.url]: 'qq.example' }, out, pageSize: 10 }, testEnv().env)).rejects.toThrow(
      new CrawlRefused(`${checkpointPath(out)}: ${a.url} was crawled as weibo.example, not qq.example; give it the same name to resume, or pass --fresh to start over`),
    );
  });

  describe('stays on the origin it was given, within bounds', () => {
    const feed = (p: FakeProvider, q: string): string => `${p.url}/api/v1/gov/directory?${q}`;

    it('a next link to another origin is an error for that provider, not followed', async () => {
      const other = await fake({ kind: 'gov', count: 10, name: 'other.example' });
      const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => (n === 2 ? { link: `<${feed(other, 'limit=10&min_id=20')}>; rel="next"` } : undefined) });
      const b = await fake({ kind: 'gov', count: 30, name: 'qq.example' });
      const out = join(workdir(), 'accounts.jsonl');
      const r = await crawl({ providers: [a.url, b.url], names: namesOf(a, b), out, pageSize: 10 }, testEnv().env);
      expect(other.requests).toHaveLength(0);
      expect(r.providers[0]).toMatchObject({ done: false, written: 10 });
      expect(r.providers[0]?.error).toBe(`GET ${feed(a, 'limit=10&verified=true&min_id=10')}: the next link leaves ${a.url}: ${feed(other, 'limit=10&min_id=20')}`);
      expect(r.providers[1]).toMatchObject({ done: true, written: 30, error: null });
    });

    it('a resume cursor on another origin is refused as well', async () => {
      const other = await fake({ kind: 'gov', count: 10, name: 'weibo.example' });
      const a = await fake({ kind: 'gov', count: 10, name: 'weibo.example' });
      const pages = providerDirectory(a.url, createHttpClient({ sleep: async () => undefined }), { pageSize: 10, name: 'weibo.example' }).pages(feed(other, 'limit=10'));
      await expect(pages[Symbol.asyncIterator]().next()).rejects.toThrow(new SourceError(`the cursor ${feed(other, 'limit=10')} is not on ${a.url}`));
      expect(other.requests).toHaveLength(0);
    });

    it('follows a redirect on the same origin', async () => {
      const a = await fake({ kind: 'gov', count: 15, name: 'weibo.example', fault: (n) => (n === 1 ? { redirect: '/api/v1/gov/directory?limit=10&verified=true&min_id=0' } : undefined) });
      const r = await crawl({ providers: [a.url], names: namesOf(a), out: join(workdir(), 'accounts.jsonl'), pageSize: 10 }, testEnv().env);
      expect(r.providers[0]).toMatchObject({ done: true, written: 15, error: null });
    });

    it('a redirect to another origin is an error, not followed', async () => {
      const other = await fake({ kind: 'gov', count: 10, name: 'weibo.example' });
      const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => (n === 2 ? { redirect: feed(other, 'limit=10') } : undefined) });
      const r = await crawl({ providers: [a.url], names: namesOf(a), out: join(workdir(), 'accounts.jsonl'), pageSize: 10 }, testEnv().env);
      expect(other.requests).toHaveLength(0);
      expect(r.providers[0]).toMatchObject({ done: false, written: 10 });
      expect(r.providers[0]?.error).toBe(`GET ${feed(a, 'limit=10&verified=true&min_id=10')}: redirected off ${a.url}, to ${feed(other, 'limit=10')}`);
    });

    it('redirects are bounded: a loop is an error after a few, not retried', async () => {
      const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => ({ redirect: `/api/v1/gov/directory?loop=${n}` }) });
      const r = await crawl({ providers: [a.url], names: namesOf(a), out: join(workdir(), 'accounts.jsonl'), pageSize: 10 }, testEnv().env);
      expect(r.providers[0]).toMatchObject({ done: false, written: 0 });
      expect(r.providers[0]?.error).toBe(`GET ${feed(a, 'limit=10&verified=true')}: more than ${MAX_REDIRECTS} redirects`);
      expect(a.requests).toHaveLength(MAX_REDIRECTS + 1);
    });

    it('a body larger than the cap is an error naming the provider, whether announced or chunked, and not retried', async () => {
      for (const chunked of [false, true]) {
        const a = await fake({ kind: 'gov', count: 30, name: 'weibo.example', fault: (n) => (n === 2 ? { padBytes: 3_000_000, chunked } : undefined) });
        const io = testEnv({ maxBodyBytes: 1_000_000 });
        const r = await crawl({ providers: [a.url], names: namesOf(a), out: join(workdir(), 'accounts.jsonl'), pageSize: 10 }, io.env);
        expect(r.providers[0]).toMatchObject({ done: false, written: 10 });
        expect(r.providers[0]?.error).toBe(`GET ${feed(a, 'limit=10&verified=true&min_id=10')}: the answer is larger than 1000000 bytes`);
        expect(a.requests).toHaveLength(2);
        expect(io.lines).toContain(`crawl: weibo.example: FAILED after 10 accounts in 1 pages (census feed): ${r.providers[0]?.error}`);
      }
    });

    it('by default a page may be up to DEFAULT_MAX_BODY_BYTES', async () => {
      const a = await fake({ kind: 'gov', count: 5, name: 'weibo.example', fault: () => ({ padBytes: 2_000_000 }) });
      const r = await crawl({ providers: [a.url], names: namesOf(a), out: join(workdir(), 'accounts.jsonl'), pageSize: 10 }, testEnv().env);
      expect(r.providers[0]).toMatchObject({ done: true, written: 5 });
      expect(DEFAULT_MAX_BODY_BYTES).toBe(16 * 1024 * 1024);
    });
  });

  it('normalizes provider URLs and rejects what is not one', () => {
    expect(normalizeProviderUrl('https://Weibo.Example/')).toBe('https://weibo.example');
    expect(normalizeProviderUrl('http://127.0.0.1:3000/prefix/')).toBe('http://127.0.0.1:3000/prefix');
    expect(() => normalizeProviderUrl('weibo.example')).toThrow(/not a URL/);
    expect(() => normalizeProviderUrl('ftp://weibo.example')).toThrow(/not an http/);
    expect(() => normalizeProviderUrl('https://weibo.example/?x=1')).toThrow(/without a query/);
  });
});
