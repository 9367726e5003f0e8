import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountIndex, numericId } from './dedupe.js';

describe('numericId', () => {
  it('takes canonical decimal integers below 10^15 and nothing else', () => {
    expect(numericId('0')).toBe(0);
    expect(numericId('1843211')).toBe(1843211);
    expect(numericId('999999999999999')).toBe(999999999999999);
    for (const s of ['', '007', '-1', '1e3', '1.0', ' 1', '1000000000000000', 'u_1', '１２']) expect(numericId(s), s).toBe(-1);
  });
});

describe('AccountIndex', () => {
  it('one row per (provider, id): the same id at two providers is two accounts; ids come back as spelled', () => {
    const index = new AccountIndex();
    const w = index.providerNumber('weibo.example');
    const q = index.providerNumber('t.qq.example');
    const rows = ['1', '007', '7', 'u_abc', '1'].map((id) => index.rowOf(w, id));
    expect(rows).toEqual([0, 1, 2, 3, 0]);
    expect(index.rowOf(q, '1')).toBe(4);
    expect(index.fresh).toBe(true);
    expect(index.rowOf(w, '007')).toBe(1);
    expect(index.fresh).toBe(false);
    expect([0, 1, 2, 3, 4].map((r) => `${index.providerOf(r)}/${index.idOf(r)}`)).toEqual(['weibo.example/1', 'weibo.example/007', 'weibo.example/7', 'weibo.example/u_abc', 't.qq.example/1']);
    expect(index.size).toBe(5);
  });

  it('agrees with a Map over many keys, across growth and pages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.nat({ max: 5000 }).map(String), fc.string({ maxLength: 6 }), fc.constantFrom('007', '00', '1e3'))), { maxLength: 3000 }),
        (keys) => {
          const index = new AccountIndex();
          const model = new Map<string, number>();
          for (const [p, id] of keys) {
            const row = index.rowOf(index.providerNumber(`p${p}`), id);
            const key = `p${p}\u0000${id}`;
            if (!model.has(key)) model.set(key, model.size);
            expect(row).toBe(model.get(key));
            expect(index.idOf(row)).toBe(id);
          }
          expect(index.size).toBe(model.size);
        },
      ),
      { numRuns: 50 },
    );
    const big = new AccountIndex();
    const p = big.providerNumber('weibo.example');
    for (let i = 0; i < 200_000; i++) big.rowOf(p, String(1_000_000_000 + i));
    for (let i = 0; i < 200_000; i += 997) expect(big.rowOf(p, String(1_000_000_000 + i))).toBe(i);
    expect(big.size).toBe(200_000);
    expect(big.pages).toHaveLength(4);
  });
});
