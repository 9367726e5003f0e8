import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '../app/context.js';
import { DEMO_PROVIDERS } from './calibration.js';
import { FEDERATING_CITIZENS, type FederatingProvider, LEADERS_PER_PROVIDER, POSTERS_PER_PROVIDER, freshNotices, leadingOrgans, plannedFollows } from './federate.js';
import { DEMO_SEED, buildPopulation } from './population.js';
import { DEMO_DATA_VERSION, demoData, demoDbPath } from './providers.js';

const pop = buildPopulation();
const providers: FederatingProvider[] = DEMO_PROVIDERS.map((p, i) => ({ host: p.host, url: `http://127.0.0.1:${3000 + i}`, ctx: {} as Context }));
const leaders = Object.fromEntries(DEMO_PROVIDERS.map((p) => [p.host, leadingOrgans(pop.accounts.filter((a) => a.provider === p.host))]));

describe("the demo's federation plan", () => {
  it('puts forward each provider’s most followed information offices, one per name, open at the cut-off', () => {
    for (const p of DEMO_PROVIDERS) {
      const mine = leaders[p.host] ?? [];
      expect(mine.length).toBe(LEADERS_PER_PROVIDER);
      expect(new Set(mine.map((l) => l.name)).size).toBe(mine.length);
      for (const l of mine) {
        const a = pop.accounts.find((x) => x.provider === p.host && x.handle === l.handle);
        expect(a?.labels.kind).toBe('institutional');
        expect(a?.closedAt).toBeNull();
        expect(l.name.endsWith('发布')).toBe(true);
      }
    }
    expect(leaders['weibo.example']?.[0]).toMatchObject({ handle: 'shanghaifabu', name: '上海发布', organName: '上海市人民政府新闻办公室' });
  });

  it('only follows across providers, never twice the same, and every poster has followers on every other provider', () => {
    const plan = plannedFollows(providers, leaders);
    expect(plan.every((f) => f.from !== f.to)).toBe(true);
    const keys = plan.map((f) => `${f.from.host} ${f.follower} ${f.to.host} ${f.target}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(plan.filter((f) => f.kind === 'organ').length).toBe(4 * 3 * LEADERS_PER_PROVIDER);
    expect(plan.filter((f) => f.kind === 'citizen').length).toBe(4 * 3 * FEDERATING_CITIZENS);
    for (const to of providers) {
      for (const poster of (leaders[to.host] ?? []).slice(0, POSTERS_PER_PROVIDER)) {
        const at = new Set(plan.filter((f) => f.to === to && f.target === poster.handle && f.kind === 'citizen').map((f) => f.from.host));
        expect(at.size, `${poster.handle}@${to.host}`).toBe(3);
      }
    }
  });

  it('writes each poster two different notices about its own place', () => {
    const [a, b] = freshNotices({ handle: 'shanghaifabu', name: '上海发布', organName: '上海市人民政府新闻办公室' }, 0);
    expect(a).not.toBe(b);
    expect(`${a}${b}`).toContain('上海');
    expect(`${a}${b}`).not.toContain('发布发布');
  });
});

describe("the demo's data and its ports", () => {
  const dir = mkdtempSync(join(tmpdir(), 'govblog-demo-marker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reused on the ports it was made for and rebuilt on others, whose numbers its links and federated accounts would not carry', () => {
    expect(demoData(dir, 3000)).toMatchObject({ ready: false });
    mkdirSync(dir, { recursive: true });
    for (const p of DEMO_PROVIDERS) writeFileSync(demoDbPath(dir, p.host), '');
    writeFileSync(join(dir, 'population.json'), JSON.stringify({ version: DEMO_DATA_VERSION, seed: DEMO_SEED, port: 3000, providers: {}, leaders }));
    expect(demoData(dir, 3000)).toEqual({ ready: true, leaders });
    const other = demoData(dir, 4000);
    expect(other.ready).toBe(false);
    expect(other.ready === false && other.why).toContain('3000…3003');
    writeFileSync(join(dir, 'population.json'), JSON.stringify({ version: DEMO_DATA_VERSION - 1, seed: DEMO_SEED, port: 3000, providers: {}, leaders }));
    expect(demoData(dir, 3000).ready).toBe(false);
  });
});
