import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../app/context.js';
import { buildPopulation } from '../demo/population.js';
import { seedAccounts, seedStaff } from '../demo/seed.js';
import { testContext } from '../../test/dialects.js';
import { mulberry32 } from '../app/random.js';
import { searchAccounts } from './search-accounts.js';

/** The same accounts on both dialects give the same answers, in the same order (STYLE.md §7: one design, both databases). */
describe('search answers alike on SQLite and PostgreSQL', () => {
  const ctxs: Context[] = [];
  const accounts = buildPopulation()
    .accounts.filter((a) => a.provider === 'weibo.example')
    .slice(0, 3000);

  beforeAll(async () => {
    for (const d of ['sqlite', 'postgres'] as const) {
      const ctx = await testContext(d);
      const { reviewer } = await seedStaff(ctx, '2009-08-01T00:00:00Z');
      await seedAccounts(ctx, accounts, Number(reviewer.id));
      ctxs.push(ctx);
    }
  }, 120_000);
  afterAll(async () => {
    for (const c of ctxs) await c.close();
  });

  it('for 2-, 3- and 4-character queries cut from names and verification texts, and handle prefixes', async () => {
    const rng = mulberry32(7);
    const texts = accounts.flatMap((a) => [a.name, a.verification]);
    const queries: string[] = ['公安', '发布', '平', 'ping', 'shanghai', '人民政府'];
    for (let i = 0; i < 60; i++) {
      const t = [...(texts[Math.floor(rng() * texts.length)] as string)];
      const k = 2 + (i % 3);
      const at = Math.floor(rng() * Math.max(1, t.length - k));
      queries.push(t.slice(at, at + k).join(''));
    }
    for (const q of queries) {
      const [a, b] = await Promise.all(ctxs.map((ctx) => searchAccounts(ctx, null, { q, limit: 40, offset: 0, resolve: false, following: false })));
      expect(
        b!.map((r) => r.username),
        q,
      ).toEqual(a!.map((r) => r.username));
    }
    const police = await searchAccounts(ctxs[0]!, null, { q: '公安', limit: 40, offset: 0, resolve: false, following: false });
    expect(police).toHaveLength(40);
  });
});
