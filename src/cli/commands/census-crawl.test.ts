import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeProvidersClosedAfterEach } from '../../../test/fake-providers.js';
import { checkpointPath } from '../../census/crawl.js';
import { CliError } from '../errors.js';
import { runCensusCrawl, type CensusCrawlEnv, type CensusCrawlOptions } from './census-crawl.js';

const fake = fakeProvidersClosedAfterEach();

function capture(isTTY = false) {
  let text = '';
  const env: CensusCrawlEnv = { stderr: { write: (s: string) => (text += s), isTTY }, sleep: async () => undefined };
  return { env, text: () => text };
}

const out = () => join(mkdtempSync(join(tmpdir(), 'govblog-census-crawl-')), 'accounts.jsonl');

async function failure(opts: CensusCrawlOptions, env: CensusCrawlEnv): Promise<CliError> {
  const e = await runCensusCrawl(opts, env).then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof CliError)) throw e;
  return e;
}

describe('census crawl (command)', () => {
  it('usage errors (2) name the flag: no provider, not a URL, twice the same, bad numbers, stdout as output', async () => {
    const io = capture();
    const o = out();
    const cases: [CensusCrawlOptions, RegExp][] = [
      [{ out: o }, /^--provider URL is required/],
      [{ provider: ['weibo.example'], out: o }, /^--provider: "weibo\.example" is not a URL/],
      [{ provider: ['https://a.example', 'https://a.example/'], out: o }, /^--provider: https:\/\/a\.example is given twice/],
      [{ provider: ['a.example=https://a.example', 'b.example=https://a.example/'], out: o }, /^--provider: https:\/\/a\.example is given twice/],
      [{ provider: ['weibo.example=http://127.0.0.1:3000', 'weibo.example=http://127.0.0.1:3001'], out: o }, /^--provider: http:\/\/127\.0\.0\.1:3000 and http:\/\/127\.0\.0\.1:3001 are both named weibo\.example/],
      [{ provider: ['b.example=https://a.example', 'https://b.example'], out: o }, /^--provider: https:\/\/a\.example and https:\/\/b\.example are both named b\.example/],
      [{ provider: ['weibo example=https://a.example'], out: o }, /^--provider: "weibo example" is not a provider name/],
      [{ provider: ['weibo.example=weibo.example'], out: o }, /^--provider: "weibo\.example" is not a URL/],
      [{ provider: ['https://a.example'] }, /^--out FILE is required/],
      [{ provider: ['https://a.example'], out: '-' }, /^--out: .* must be a file/],
      [{ provider: ['https://a.example'], out: o, pageSize: '1001' }, /^--page-size: expected a whole number from 1 to 1000, got "1001"/],
      [{ provider: ['https://a.example'], out: o, timeout: '0' }, /^--timeout: /],
      [{ provider: ['https://a.example'], out: o, retries: 'many' }, /^--retries: /],
      [{ provider: ['https://a.example'], out: o, maxBodyMib: '0' }, /^--max-body-mib: expected a whole number from 1 to 1024, got "0"/],
    ];
    for (const [opts, message] of cases) {
      const e = await failure(opts, io.env);
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(message);
    }
    expect(existsSync(o)).toBe(false);
  });

  it('discovery flags: bad values and use without --discover are usage errors (2) naming the flag', async () => {
    const io = capture();
    const o = out();
    const p = ['https://a.example'];
    const cases: [CensusCrawlOptions, RegExp][] = [
      [{ provider: p, out: o, depth: '2' }, /^--depth: only with --discover/],
      [{ provider: p, out: o, maxProviders: '5' }, /^--max-providers: only with --discover/],
      [{ provider: p, out: o, maxHosts: '5' }, /^--max-hosts: only with --discover/],
      [{ provider: p, out: o, allowPrivatePeers: true }, /^--allow-private-peers: only with --discover/],
      [{ provider: p, out: o, discover: true, depth: '0' }, /^--depth: expected a whole number from 1 to 10, got "0"$/],
      [{ provider: p, out: o, discover: true, depth: 'deep' }, /^--depth: expected a whole number from 1 to 10, got "deep"$/],
      [{ provider: p, out: o, discover: true, maxProviders: '-1' }, /^--max-providers: expected a whole number from 1 to 10000, got "-1"$/],
      [{ provider: p, out: o, discover: true, maxHosts: '1e3' }, /^--max-hosts: expected a whole number from 1 to 100000, got "1e3"$/],
    ];
    for (const [opts, message] of cases) {
      const e = await failure(opts, io.env);
      expect(e.exitCode).toBe(2);
      expect(e.message.split('\n')).toHaveLength(1);
      expect(e.message).toMatch(message);
    }
    expect(existsSync(o)).toBe(false);
  });

  it('--discover prints discovery lines, then crawls the given and found providers; a resume must say --discover again', async () => {
    const peers: string[] = [];
    const a = await fake({ kind: 'gov', count: 5, peers: () => peers });
    const b = await fake({ kind: 'gov', count: 4 });
    const c = await fake({ kind: 'mastodon', count: 3 });
    peers.push(b.host, c.host);
    const io = capture();
    const o = out();
    const outcome = await runCensusCrawl({ provider: [a.url], out: o, pageSize: '10', discover: true, allowPrivatePeers: true }, { ...io.env, hostIntervalMs: 0 });
    expect(outcome.written).toBe(9);
    const lines = io.text().trim().split('\n');
    expect(lines[0]).toBe('discover: from 1 given provider, peers followed to depth 1, at most 50 more providers and 500 hosts asked');
    expect(lines).toContain(`discover: ${a.host}: 2 peers listed, 2 new`);
    expect(lines).toContain(`discover: ${b.host}: census provider (govblog 0.1.0, 4 verified government accounts; depth 1, listed by ${a.host})`);
    expect(lines).toContain(`discover: found 1 provider beyond the 1 given; skipped 1: ${c.host} (not a census provider)`);
    expect(lines).toContain(`crawl: ${b.host}: done, 4 accounts in 1 pages (census feed)`);
    expect(lines[lines.length - 1]).toBe(`crawl: wrote 9 account records from 2 providers to ${o}`);

    // A discovery interrupted half-way is resumed only by the command that began it.
    const stopped = new AbortController();
    stopped.abort(new Error('interrupted'));
    const o2 = out();
    const e = await failure({ provider: [a.url], out: o2, discover: true, allowPrivatePeers: true }, { ...capture().env, signal: stopped.signal });
    expect(e.exitCode).toBe(1);
    expect(e.message).toMatch(/^census crawl: interrupted while discovering providers; .*\.discovery\.json is kept/);
    const refused = await failure({ provider: [a.url], out: o2 }, capture().env);
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toMatch(/is a crawl begun with --discover; give --discover and the same flags to resume it/);
  });

  it('draws a discovery line on a terminal', async () => {
    const a = await fake({ kind: 'gov', count: 2, peers: () => [b.host] });
    const b = await fake({ kind: 'gov', count: 2 });
    const io = capture(true);
    await runCensusCrawl({ provider: [a.url], out: out(), discover: true, allowPrivatePeers: true }, { ...io.env, hostIntervalMs: 0 });
    expect(io.text()).toContain('discover: from 1 given provider');
    expect(io.text()).toContain('discovery  depth 1  1 hosts asked  1 providers  0 skipped  0 queued');
    expect(io.text()).toContain(`discover: ${b.host}: census provider`);
    expect(io.text()).toContain(`discover: found 1 provider beyond the 1 given`);
    expect(io.text()).toMatch(new RegExp(`${b.host.replace(/\./g, '\\.')}\\s+done\\s+2 accounts`));
  });

  it('refuses (2) to overwrite an output it did not start, naming the file and --fresh', async () => {
    const a = await fake({ kind: 'gov', count: 3 });
    const o = out();
    writeFileSync(o, 'precious\n');
    const e = await failure({ provider: [a.url], out: o }, capture().env);
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(`${o} exists`);
    expect(e.message).toContain('--fresh');
    expect(readFileSync(o, 'utf8')).toBe('precious\n');
  });

  it('prints plain progress lines and a summary off a terminal', async () => {
    const a = await fake({ kind: 'gov', count: 25 });
    const io = capture();
    const o = out();
    const outcome = await runCensusCrawl({ provider: [a.url], out: o, pageSize: '10' }, io.env);
    expect(outcome.written).toBe(25);
    const lines = io.text().trim().split('\n');
    expect(lines[0]).toBe(`crawl: ${a.host}: starting`);
    expect(lines).toContain(`crawl: ${a.host}: done, 25 accounts in 3 pages (census feed)`);
    expect(lines[lines.length - 1]).toBe(`crawl: wrote 25 account records from 1 provider to ${o}`);
  });

  it('fails (1) in one line naming the provider that stayed down, after the others finished; the checkpoint stays for a resume', async () => {
    const a = await fake({ kind: 'gov', count: 30 });
    let down = true;
    const d = await fake({ kind: 'gov', count: 30, fault: () => (down ? { status: 502 } : undefined) });
    const io = capture();
    const o = out();
    const e = await failure({ provider: [a.url, d.url], out: o, pageSize: '10', retries: '1' }, io.env);
    expect(e.exitCode).toBe(1);
    expect(e.message.split('\n')).toHaveLength(1);
    expect(e.message).toMatch(new RegExp(`^census crawl: gave up on ${d.host.replace(/\./g, '\\.')} \\(GET .*: HTTP 502 \\(gave up after 2 attempts\\)\\); .*run the same command again to resume$`));
    expect(io.text()).toContain(`crawl: ${a.host}: done, 30 accounts in 4 pages`);
    expect(existsSync(checkpointPath(o))).toBe(true);

    down = false;
    const again = capture();
    const outcome = await runCensusCrawl({ provider: [a.url, d.url], out: o, pageSize: '10' }, again.env);
    expect(outcome.written).toBe(60);
    expect(again.text()).toContain(`crawl: ${a.host}: done, 30 accounts in 4 pages`);
    expect(existsSync(checkpointPath(o))).toBe(false);
  });

  it('NAME=URL names a provider in the census: its records carry that name and pass; by its host they would be left out', async () => {
    const a = await fake({ kind: 'gov', count: 12, name: 'weibo.example' });
    const o = out();
    const outcome = await runCensusCrawl({ provider: [`weibo.example=${a.url}`], out: o, pageSize: '5' }, capture().env);
    expect(outcome.providers[0]).toMatchObject({ name: 'weibo.example', written: 12, rejected: 0 });
    const records = readFileSync(o, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { provider: string });
    expect(new Set(records.map((r) => r.provider))).toEqual(new Set(['weibo.example']));

    const io = capture();
    const unnamed = await runCensusCrawl({ provider: [a.url], out: out(), pageSize: '5' }, io.env);
    expect(unnamed.providers[0]).toMatchObject({ name: a.host, written: 0, rejected: 12 });
    expect(io.text()).toContain(`is not this source's name "${a.host}" (if it is the same provider, crawl it as --provider weibo.example=URL)`);
  });

  it('--max-body-mib caps what is read of an answer: a larger one fails (1) naming the provider', async () => {
    const a = await fake({ kind: 'gov', count: 3, fault: () => ({ padBytes: 2 * 2 ** 20, chunked: true }) });
    const e = await failure({ provider: [a.url], out: out(), maxBodyMib: '1' }, capture().env);
    expect(e.exitCode).toBe(1);
    expect(e.message).toMatch(new RegExp(`^census crawl: gave up on ${a.host.replace(/\./g, '\\.')} \\(GET .*: the answer is larger than 1048576 bytes\\);`));
  });

  it('draws bars on a terminal', async () => {
    const a = await fake({ kind: 'gov', count: 12 });
    const io = capture(true);
    await runCensusCrawl({ provider: [a.url], out: out(), pageSize: '5' }, io.env);
    expect(io.text()).toMatch(new RegExp(`${a.host.replace(/\./g, '\\.')}\\s+done\\s+12 accounts\\s+page\\s+3`));
  });
});
