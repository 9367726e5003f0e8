/**
 * The census crawl end to end: against a real govblog provider listening on
 * loopback, against a plain Mastodon server (a fake without the census
 * feed), through the `govblog` command, and killed with SIGKILL half-way.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointPath, crawl, type Checkpoint } from '../../src/census/crawl.js';
import { createHttpClient } from '../../src/census/retry.js';
import { mastodonDirectory } from '../../src/census/sources/mastodon-directory.js';
import { type CliIO, main } from '../../src/cli/main.js';
import type { AccountRecord } from '../../src/domain/account-record.js';
import { citizen, creditCodeFor, staffUser, verifiedOrgan } from '../factories.js';
import { dedupe, fakeProvider, sortRecords, type FakeProvider } from '../fake-providers.js';
import { freePort, listeningServer, testServer, type TestServer } from '../http.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-crawl-flow-'));
let n = 0;
const outFile = (): string => join(dir, `accounts-${++n}.jsonl`);

function records(path: string): AccountRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AccountRecord);
}

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('census crawl against a real provider', () => {
  let s: TestServer & { url: string };
  const organs: { id: string; username: string; verification: string; province: string; level: string; public_security: boolean }[] = [];

  beforeAll(async () => {
    s = await listeningServer('sqlite');
    const reviewer = await staffUser(s, 'reviewer');
    const specs = [
      { organ_name: '北京市公安局', verification: '北京市公安局官方微博', region_code: '110000', level: 'provincial', public_security: true },
      { organ_name: '长沙市人民政府', verification: '长沙市人民政府新闻办公室官方微博', region_code: '430100', level: 'prefectural', public_security: false },
      { organ_name: '上海市公安局交通警察总队', verification: '上海市公安局交警总队官方微博', region_code: '310000', level: 'provincial', public_security: true },
      { organ_name: '西安市雁塔区人民政府', verification: '西安市雁塔区人民政府官方微博', region_code: '610113', level: 'county', public_security: false },
      { organ_name: '广东省人民政府', verification: '广东省人民政府官方微博', region_code: '440000', level: 'provincial', public_security: false },
    ];
    for (const [i, spec] of specs.entries()) {
      const o = await verifiedOrgan(s, reviewer.token, { ...spec, credit_code: creditCodeFor(spec.region_code, 1000 + i) });
      organs.push({ id: o.id, username: o.username, verification: spec.verification, province: spec.region_code.slice(0, 2), level: spec.level, public_security: spec.public_security });
    }
    await citizen(s);
  });
  afterAll(async () => {
    await s.close();
  });

  it('reads every verified account of the census feed, page by page, as the provider states it', async () => {
    const out = outFile();
    const r = await crawl({ providers: [s.url], names: { [s.url]: 'test.example' }, out, pageSize: 2 }, { http: { sleep: async () => undefined } });
    expect(r.providers[0]).toMatchObject({ done: true, source: 'gov-directory', written: 5, pages: 3, rejected: 0 });
    const got = records(out);
    expect(got.map((x) => x.id)).toEqual(organs.map((o) => o.id));
    for (const [i, o] of organs.entries()) {
      expect(got[i]).toMatchObject({
        provider: 'test.example',
        id: o.id,
        handle: o.username,
        verified: true,
        verification: o.verification,
        closed_at: null,
        labels: { government: true, kind: 'institutional', organ: 'government', public_security: o.public_security, level: o.level, rank: null, province: o.province },
      });
    }
    // Exactly what the feed serves in one page.
    const feed = await s.call('GET', '/api/v1/gov/directory?limit=1000');
    expect(got).toEqual(feed.json);
  });

  it("reads the same accounts through the Mastodon directory, labels taken from the provider's gov object", async () => {
    const source = mastodonDirectory(s.url, createHttpClient({ sleep: async () => undefined }), { pageSize: 80 });
    const got: AccountRecord[] = [];
    for await (const page of source.pages(null)) got.push(...page.records);
    const out = outFile();
    await crawl({ providers: [s.url], names: { [s.url]: 'test.example' }, out, pageSize: 1000 }, {});
    const viaFeed = records(out);
    const gov = sortRecords(got.filter((r) => r.verified));
    expect(gov.map((r) => r.id)).toEqual(organs.map((o) => o.id));
    for (const r of gov) {
      const f = viaFeed.find((x) => x.id === r.id) as AccountRecord;
      // The directory gives the host it was read at and Mastodon's day-precision created_at; the rest agrees field for field.
      expect(r.provider).toBe(new URL(s.url).host);
      expect(r.created_at.slice(0, 10)).toBe(f.created_at.slice(0, 10));
      expect({ ...r, provider: f.provider, created_at: f.created_at }).toEqual(f);
    }
  });
});

describe('census crawl of a plain Mastodon server, through the govblog command', () => {
  let mastodon: FakeProvider;
  let down: FakeProvider;
  beforeAll(async () => {
    mastodon = await fakeProvider({ kind: 'mastodon', count: 200, fault: (k) => (k === 2 ? { status: 503, retryAfter: '0' } : undefined) });
    down = await fakeProvider({ kind: 'gov', count: 10, fault: () => ({ status: 500 }) });
  });
  afterAll(async () => {
    await Promise.all([mastodon.close(), down.close()]);
  });

  it('falls back to the directory when the census feed is missing, classifies the accounts, exits 0', async () => {
    const io = capture();
    const out = outFile();
    expect(await main(['census', 'crawl', '--provider', mastodon.url, '--out', out], io)).toBe(0);
    const got = dedupe(readFileSync(out, 'utf8'));
    expect(got).toHaveLength(200);
    expect(existsSync(checkpointPath(out))).toBe(false);
    const police = got.filter((r) => r.verified);
    expect(police).toHaveLength(100);
    for (const r of police) expect(r.labels).toMatchObject({ government: true, public_security: true, province: '61' });
    for (const r of got.filter((x) => !x.verified)) expect(r.labels).toMatchObject({ government: false });
  });

  it('is a usage error (2) naming --provider for something that is not a URL', async () => {
    const io = capture();
    expect(await main(['census', 'crawl', '--provider', 'weibo.example', '--out', outFile()], io)).toBe(2);
    expect(io.stderr).toEqual(['govblog: --provider: "weibo.example" is not a URL (e.g. https://weibo.example)']);
  });

  it('fails (1) with one line naming a provider that stays down, after the others are done', async () => {
    const io = capture();
    const out = outFile();
    expect(await main(['census', 'crawl', '--provider', mastodon.url, '--provider', down.url, '--out', out, '--retries', '0'], io)).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toContain(`gave up on ${down.host}`);
    const cp = JSON.parse(readFileSync(checkpointPath(out), 'utf8')) as Checkpoint;
    expect(cp.providers[mastodon.url]?.done).toBe(true);
    expect(cp.providers[down.url]?.done).toBe(false);
  });
});

describe('census crawl --discover, through the govblog command, finding real providers', () => {
  it("reads a real provider's NodeInfo: one named by its host is crawled, one that names itself otherwise is skipped", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const named = await testServer('sqlite', { publicUrl: url, port, provider: `127.0.0.1:${port}` });
    await named.app.listen({ port, host: '127.0.0.1' });
    // Named test.example in its own NodeInfo, but listed by its address: crawling it would refuse every record.
    const other = await listeningServer('sqlite');
    const seed = await fakeProvider({ kind: 'gov', count: 3, peers: () => [`127.0.0.1:${port}`, new URL(other.url).host] });
    try {
      const reviewer = await staffUser(named, 'reviewer');
      await verifiedOrgan(named, reviewer.token, { organ_name: '长沙市人民政府', verification: '长沙市人民政府官方微博', region_code: '430100', level: 'prefectural', public_security: false, credit_code: creditCodeFor('430100', 7) });
      const io = capture();
      const out = outFile();
      expect(await main(['census', 'crawl', '--provider', seed.url, '--out', out, '--discover', '--allow-private-peers'], io)).toBe(0);
      // Progress goes to the process's stderr; what counts is what was crawled: nothing of the misnamed one.
      expect(io.stderr).toEqual([]);
      const got = dedupe(readFileSync(out, 'utf8'));
      expect(got.filter((r) => r.provider === `127.0.0.1:${port}`).map((r) => r.verification)).toEqual(['长沙市人民政府官方微博']);
      expect(got.filter((r) => r.provider === seed.host)).toHaveLength(3);
      expect(got).toHaveLength(4);
      expect(new Set(got.map((r) => r.provider))).toEqual(new Set([seed.host, `127.0.0.1:${port}`]));
    } finally {
      await Promise.all([named.close(), other.close(), seed.close()]);
    }
  });
});

describe('census crawl killed with SIGKILL half-way', () => {
  it('resumes from the checkpoint the dead process left: the census is exact', async () => {
    const gov = await fakeProvider({ kind: 'gov', count: 3000, name: 'weibo.example', delayMs: 10 });
    const masto = await fakeProvider({ kind: 'mastodon', count: 800, delayMs: 10 });
    try {
      const out = outFile();
      const providers = [gov.url, masto.url];
      const names = { [gov.url]: gov.name };
      const script = `
        const { crawl } = await import('./src/census/crawl.js');
        await crawl({ providers: ${JSON.stringify(providers)}, names: ${JSON.stringify(names)}, out: ${JSON.stringify(out)}, pageSize: 50 }, {});
        process.exit(0);`;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

      // Kill it once a good part of the gov feed is on disk, but well before the end.
      let killedAt: Checkpoint | null = null;
      for (let t = 0; t < 600 && killedAt === null; t++) {
        await new Promise((r) => setTimeout(r, 25));
        try {
          const cp = JSON.parse(readFileSync(checkpointPath(out), 'utf8')) as Checkpoint;
          if ((cp.providers[gov.url]?.pages ?? 0) >= 10) {
            child.kill('SIGKILL');
            killedAt = cp;
          }
        } catch {
          // not written yet
        }
      }
      expect(await exited, stderr).toBeNull();
      expect(killedAt).not.toBeNull();
      const after = JSON.parse(readFileSync(checkpointPath(out), 'utf8')) as Checkpoint;
      expect(after.providers[gov.url]?.done).toBe(false);

      const r = await crawl({ providers, names, out, pageSize: 50 }, {});
      expect(r.resumed).toBe(true);
      expect(r.providers.every((p) => p.done)).toBe(true);
      const lines = records(out);
      const unique = dedupe(readFileSync(out, 'utf8'));
      expect(lines).toHaveLength(unique.length);
      expect(unique.filter((x) => x.provider === 'weibo.example')).toEqual(gov.truth());
      expect(unique.filter((x) => x.provider === masto.host).map((x) => Number(x.id))).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    } finally {
      await Promise.all([gov.close(), masto.close()]);
    }
  });
});
