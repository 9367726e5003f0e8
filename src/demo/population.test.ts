import { describe, expect, it } from 'vitest';
import { classify } from '../classify/classify.js';
import { GRASSROOTS_RANKS } from '../domain/taxonomy.js';
import { CUTOFF_2011, CUTOFF_2012, TARGETS } from './calibration.js';
import { type DemoAccount, buildPopulation } from './population.js';

/** Counts as CONTRACT §3 defines them, written out here independently of the census code. */
function countAt(accounts: readonly DemoAccount[], cutoff: string) {
  const end = `${cutoff}T23:59:59Z`;
  const live = accounts.filter((a) => a.createdAt <= end && (a.closedAt === null || a.closedAt > end));
  const inst = live.filter((a) => a.labels.kind === 'institutional');
  const indiv = live.filter((a) => a.labels.kind === 'individual');
  return {
    total: live.length,
    institutional: inst.length,
    individual: indiv.length,
    instPolice: inst.filter((a) => a.labels.public_security).length,
    indivPolice: indiv.filter((a) => a.labels.public_security).length,
    grassroots: indiv.filter((a) => GRASSROOTS_RANKS.includes(a.labels.rank as never)).length,
    ministerial: indiv.filter((a) => a.labels.rank === 'ministerial').length,
    live,
  };
}

describe('the demo population', () => {
  const pop = buildPopulation();

  it('gives the report’s 2012 and 2011 figures exactly', () => {
    const y12 = countAt(pop.accounts, CUTOFF_2012);
    expect([y12.total, y12.institutional, y12.individual]).toEqual([TARGETS[2012].total, TARGETS[2012].institutional, TARGETS[2012].individual]);
    expect([y12.instPolice, y12.indivPolice, y12.grassroots, y12.ministerial]).toEqual([
      TARGETS[2012].institutionalPublicSecurity,
      TARGETS[2012].individualPublicSecurity,
      TARGETS[2012].grassroots,
      TARGETS[2012].ministerial,
    ]);
    expect(Math.round((100 * y12.instPolice) / y12.institutional)).toBe(37);
    expect(Math.round((100 * y12.indivPolice) / y12.individual)).toBe(39);
    expect(Math.round((100 * y12.grassroots) / y12.individual)).toBe(66);
    expect(Math.round((100 * y12.ministerial) / y12.individual)).toBe(1);
    const y11 = countAt(pop.accounts, CUTOFF_2011);
    expect([y11.total, y11.institutional, y11.individual, y11.instPolice + y11.indivPolice]).toEqual([
      TARGETS[2011].total,
      TARGETS[2011].institutional,
      TARGETS[2011].individual,
      TARGETS[2011].publicSecurity,
    ]);
    expect(Math.round((100 * (y11.instPolice + y11.indivPolice)) / y11.total)).toBe(47);
  });

  it('is plausible where the report gives only findings', () => {
    const { live } = countAt(pop.accounts, CUTOFF_2012);
    const tally = (list: DemoAccount[], key: (a: DemoAccount) => string | null) => {
      const m = new Map<string, number>();
      for (const a of list) {
        const k = key(a);
        if (k) m.set(k, (m.get(k) ?? 0) + 1);
      }
      return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
    };
    const inst = live.filter((a) => a.labels.kind === 'institutional');
    const indiv = live.filter((a) => a.labels.kind === 'individual');
    expect(tally(inst, (a) => a.labels.level)[0]).toBe('county');
    expect(tally(inst, (a) => a.labels.province).slice(0, 3)).toEqual(['37', '32', '33']);
    expect(tally(indiv, (a) => a.labels.province).slice(0, 3)).toEqual(['11', '41', '23']);
    const providers = tally(live, (a) => a.provider);
    expect(providers).toEqual(['t.qq.example', 'weibo.example', 't.home.news.example', 't.people.example']);
    const leaders = pop.accounts.filter((a) => ['shanghaifabu', 'jinduzaixian', 'jingcailuoyang'].includes(a.handle));
    expect(leaders.map((a) => [a.provider, a.name]).sort()).toEqual([
      ['weibo.example', '上海发布'],
      ['weibo.example', '禁毒在线'],
      ['weibo.example', '精彩洛阳'],
    ]);
  });

  it('is the same on every run, and handles are unique per provider', () => {
    const again = buildPopulation();
    expect(again.accounts.slice(0, 50)).toEqual(pop.accounts.slice(0, 50));
    const keys = new Set(pop.accounts.map((a) => `${a.provider}/${a.handle}`));
    expect(keys.size).toBe(pop.accounts.length);
  });

  it('has no clones: one account per organ and per name on a provider, one holder of a sole post, no municipality 厅', () => {
    const inst = pop.accounts.filter((a) => a.labels.kind === 'institutional');
    expect(new Set(inst.map((a) => `${a.provider}/${a.name}`)).size).toBe(inst.length);
    expect(new Set(inst.map((a) => `${a.provider}/${a.verification}`)).size).toBe(inst.length);
    const people = pop.accounts.filter((a) => a.labels.kind === 'individual');
    expect(new Set(people.map((a) => `${a.provider}/${a.verification}/${a.name}`)).size).toBe(people.length);
    const municipal = pop.accounts.filter((a) => ['11', '12', '31', '50'].includes(a.labels.province ?? ''));
    expect(municipal.filter((a) => /^(北京|天津|上海|重庆)市[^区县]*?(?<!办公)厅/.test(a.organName)).map((a) => a.organName)).toEqual([]);
    expect(municipal.some((a) => a.organName === '北京市教育委员会')).toBe(true);
  });

  it('gives readable handles: [a-z0-9_], at most 30 characters, unique per provider, the leaders keeping theirs', () => {
    const bad = pop.accounts.filter((a) => !/^[a-z0-9_]{1,30}$/.test(a.handle) || /^(organ|official)\d+$/.test(a.handle));
    expect(bad.map((a) => a.handle)).toEqual([]);
    expect(pop.accounts.find((a) => a.name === '上海发布')?.handle).toBe('shanghaifabu');
    const plain = pop.accounts.filter((a) => !/\d$/.test(a.handle)).length;
    expect(plain / pop.accounts.length).toBeGreaterThan(0.9);
  });

  it('reads as real accounts: the classifier agrees with most of the labels the reviewers gave', () => {
    const sample = pop.accounts.filter((_, i) => i % 97 === 0);
    let agree = 0;
    let fields = 0;
    for (const a of sample) {
      const got = classify({ name: a.name, verification: a.verification, verified: true });
      for (const f of ['government', 'kind', 'organ', 'public_security', 'level', 'rank', 'province'] as const) {
        fields += 1;
        if (got[f] === a.labels[f]) agree += 1;
      }
    }
    expect(agree / fields).toBeGreaterThan(0.9);
  });
});
