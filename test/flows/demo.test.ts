import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INDIVIDUAL_RANKS, TARGETS } from '../../src/demo/calibration.js';
import type { DemoProvider } from '../../src/demo/providers.js';
import { runDemo } from '../../src/demo/run-demo.js';
import { findAccountByUsername } from '../../src/accounts/accounts.repository.js';
import { mintToken } from '../../src/oauth/tokens.js';
import { scopesForRole } from '../../src/accounts/sign-up.js';
import { freePorts } from '../http.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The whole demo, full size: four providers seeded, crawled over HTTP as the
 * census crawls, and the report checked against the 2012 report's figures.
 */
describe('govblog demo', () => {
  it('recovers the 2012 report exactly from a crawl of the four providers, and reuses its data on the next run', async () => {
    const out: string[] = [];
    const err: string[] = [];
    // The demo listens on PORT…PORT+3.
    const port = await freePorts(4);
    const run = await runDemo({ port, dataDir: dir, fresh: false, serve: false }, { out: (l) => out.push(l), err: (l) => err.push(l), tty: false });
    try {
      const r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(r.cutoff).toBe('2012-12-20');
      expect([r.total, r.institutional.total, r.individual.total]).toEqual([TARGETS[2012].total, TARGETS[2012].institutional, TARGETS[2012].individual]);
      expect([r.previous.cutoff, r.previous.total, r.previous.institutional, r.previous.individual]).toEqual(['2011-12-10', TARGETS[2011].total, TARGETS[2011].institutional, TARGETS[2011].individual]);
      expect(r.growth).toMatchObject({ ratio: 3.495, increase: 2.495 });
      expect(((100 * (r.total - r.previous.total)) / r.previous.total).toFixed(2)).toBe('249.51');
      expect(((100 * (r.growth.institutional.ratio - 1)).toFixed(1))).toBe('250.4');
      expect([r.institutional.public_security, r.individual.public_security, r.individual.grassroots, r.individual.provincial_ministerial_leaders]).toEqual([
        TARGETS[2012].institutionalPublicSecurity,
        TARGETS[2012].individualPublicSecurity,
        TARGETS[2012].grassroots,
        TARGETS[2012].ministerial,
      ]);
      expect(r.individual.by_rank).toEqual(INDIVIDUAL_RANKS);
      const share = (a: number, b: number) => Math.round((100 * a) / b);
      expect([share(r.institutional.public_security, r.institutional.total), share(r.individual.public_security, r.individual.total), share(r.individual.grassroots, r.individual.total), share(r.individual.provincial_ministerial_leaders, r.individual.total)]).toEqual([37, 39, 66, 1]);
      const top = (kind: 'institutional' | 'individual') =>
        Object.entries(r.by_province as Record<string, Record<string, number>>)
          .sort((a, b) => (b[1][kind] as number) - (a[1][kind] as number))
          .slice(0, 3)
          .map(([code]) => code);
      expect(top('institutional')).toEqual(['37', '32', '33']);
      expect(top('individual')).toEqual(['11', '41', '23']);
      const levels = Object.entries(r.institutional.by_level as Record<string, number>).sort((a, b) => b[1] - a[1]);
      expect(levels[0]?.[0]).toBe('county');
      // The trend: the same crawl counted at a third, earlier date, then the two censuses of the report.
      expect(r.trend.map((p: { cutoff: string }) => p.cutoff)).toEqual(['2010-12-10', '2011-12-10', '2012-12-20']);
      expect(r.trend.slice(1).map((p: { total: number }) => p.total)).toEqual([TARGETS[2011].total, TARGETS[2012].total]);
      expect(r.trend[0].total).toBeGreaterThan(0);
      expect(r.trend[0].total).toBeLessThan(TARGETS[2011].total);
      // The organs' request inboxes, crawled with their records, make the service quality.
      expect(r.service_quality.total.accounts).toBeGreaterThan(0);
      expect(r.service_quality.total.answered).toBeLessThanOrEqual(r.service_quality.total.requests);
      expect(r.ranking.institutional.slice(0, 3).map((a: { name: string }) => a.name)).toEqual(['上海发布', '禁毒在线', '精彩洛阳']);
      expect(r.rejected.lines).toBe(0);
      for (const f of ['report.md', 'report.html', 'csv/by_province.csv']) expect(statSync(join(dir, f)).size, f).toBeGreaterThan(500);
      expect(out.join('\n')).toContain('176,714');
      expect(out.join('\n')).toContain('249.51%');

      // The providers serve what the demo made: the dashboard's report, a live timeline, a leader's profile.
      const first = run.providers[0]?.url as string;
      const served = await (await fetch(`${first}/api/v1/gov/census/report`)).json();
      expect((served as { total: number }).total).toBe(176_714);
      const timeline = (await (await fetch(`${first}/api/v1/timelines/public?limit=5`)).json()) as unknown[];
      expect(timeline.length).toBe(5);
      const leader = (await (await fetch(`${first}/api/v1/accounts/lookup?acct=shanghaifabu`)).json()) as { display_name: string; gov: { kind: string } };
      expect([leader.display_name, leader.gov.kind]).toEqual(['上海发布', 'institutional']);
      const stats = (await (await fetch(`${first}/api/v1/gov/accounts/${(leader as unknown as { id: string }).id}/service_stats`)).json()) as { total: number };
      expect(stats.total).toBeGreaterThan(0);

      // The providers federate: citizen1 of the first follows the second's most followed organ, whose fresh post is in its home timeline.
      const [a, b] = run.providers as [DemoProvider, DemoProvider];
      const bHost = new URL(b.url).host;
      // A token as `govblog admin token --username citizen1` mints it; the rest goes over HTTP.
      const citizen = await findAccountByUsername(a.ctx.db, 'citizen1');
      const { access_token: token } = await mintToken(a.ctx, a.ctx.db, { appId: null, accountId: Number(citizen?.id), scopes: scopesForRole('user') });
      const home = (await (await fetch(`${a.url}/api/v1/timelines/home?limit=40`, { headers: { authorization: `Bearer ${token}` } })).json()) as { uri: string; url: string; content: string; account: { acct: string; id: string } }[];
      const remote = home.filter((s) => s.account.acct.endsWith(`@${bHost}`));
      expect(remote.length).toBeGreaterThan(0);
      const post = remote[0] as (typeof remote)[number];
      // Its ids and links name its home provider's port, and the account's page is its own there.
      expect(post.uri.startsWith(`${b.url}/users/`)).toBe(true);
      expect(post.content).toMatch(/政务|新闻发布会|便民/);
      const organ = (await (await fetch(`${a.url}/api/v1/accounts/${post.account.id}`)).json()) as { acct: string; url: string; avatar: string; gov: { kind: string; organ_name: string; verified_by: string } | null };
      expect(organ.gov).toMatchObject({ kind: 'institutional', verified_by: bHost });
      expect(organ.url.startsWith(`${b.url}/`)).toBe(true);
      // Its avatar is a copy kept by the citizen's provider, served from its own port.
      expect(organ.avatar.startsWith(`${a.url}/`)).toBe(true);
      expect((await fetch(organ.avatar)).status).toBe(200);
      // The organ counts the citizen among its followers at home, and local accounts' links name their own port.
      const mine = (await (await fetch(`${b.url}/api/v1/accounts/lookup?acct=${encodeURIComponent(organ.acct.split('@')[0] as string)}`)).json()) as { url: string; avatar: string };
      expect(mine.url).toBe(`${b.url}/@${organ.acct.split('@')[0]}`);
      expect(mine.avatar.startsWith(`${b.url}/`)).toBe(true);
      const federated = err.find((l) => l.startsWith('demo: federation:')) as string;
      expect(federated).toMatch(/216 cross-follows \(144 by leading organs, 72 by citizens; 216 sent now\); 24 fresh posts of 12 organs \(24 new\), delivered 72 times/);
    } finally {
      await run.stop();
    }

    // Again on the same ports: the population and its federation are reused, nothing is sent twice, and the report is the same.
    const before = readFileSync(join(dir, 'report.json'), 'utf8');
    const again: string[] = [];
    const second = await runDemo({ port, dataDir: dir, fresh: false, serve: false }, { out: () => {}, err: (l) => again.push(l), tty: false });
    await second.stop();
    expect(again.join('\n')).toContain('reusing the population');
    expect(again.join('\n')).toMatch(/216 cross-follows .*; 0 sent now\); 24 fresh posts of 12 organs \(0 new\), delivered 72 times/);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).ranking).toEqual(JSON.parse(before).ranking);
  }, 420_000);
});
