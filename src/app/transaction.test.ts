import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaches } from './context.js';
import { testConfig } from './config.js';
import { afterCommit, changed, transaction } from './transaction.js';
import { DIALECTS } from '../../test/dialects.js';
import { type TestServer, testServer } from '../../test/http.js';

describe.each(DIALECTS)('transaction(ctx, …) and what follows its commit (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s.close();
  });

  function ctxWithCache() {
    const ctx = { ...s.ctx, cache: createCaches(testConfig({ cacheTtl: 600 })) };
    ctx.cache.statuses.fill(ctx.cache.statuses.mark(), 1, { row: {} as never });
    ctx.cache.accounts.fill(ctx.cache.accounts.mark(), 2, { json: {} as never, utf8: Buffer.alloc(0) });
    return ctx;
  }

  it('forgets what the writes marked, and runs their effects, only once the transaction has committed', async () => {
    const ctx = ctxWithCache();
    const seen: string[] = [];
    await transaction(ctx, async (trx) => {
      changed(trx, 'statuses', [1]);
      changed(trx, 'accounts', [2]);
      afterCommit(trx, () => seen.push('effect'));
      // Inside the transaction nothing is forgotten yet: a reader may not store a copy that is about to go stale,
      // but what it already holds stays until the change is visible to others.
      expect(ctx.cache.statuses.get(1)).toBeDefined();
      expect(seen).toEqual([]);
    });
    expect(ctx.cache.statuses.get(1)).toBeUndefined();
    expect(ctx.cache.accounts.get(2)).toBeUndefined();
    expect(seen).toEqual(['effect']);
  });

  it('a transaction that rolls back forgets nothing and runs nothing', async () => {
    const ctx = ctxWithCache();
    const seen: string[] = [];
    await expect(
      transaction(ctx, async (trx) => {
        changed(trx, 'statuses', [1]);
        afterCommit(trx, () => seen.push('effect'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(ctx.cache.statuses.get(1)).toBeDefined();
    expect(seen).toEqual([]);
  });

  it('a change marked outside transaction(ctx, …) is refused, so no write can leave a stale copy unnoticed', async () => {
    expect(() => changed(s.ctx.db, 'statuses', [1])).toThrow(/inside transaction\(ctx/);
    await expect(s.ctx.db.transaction().execute(async (trx) => changed(trx, 'accounts', [1]))).rejects.toThrow(/inside transaction\(ctx/);
  });
});

describe('every transaction goes through transaction(ctx, …)', () => {
  it('no source file opens one of its own, whose changes the caches would never hear of', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) && path !== join('src', 'app', 'transaction.ts')) {
          if (/\.transaction\(\)/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});
