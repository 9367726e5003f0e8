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
