/**
 * Per-field accuracy on the hand-labelled fixture (test/fixtures/classify-cases.jsonl,
 * 574 cases: all 31 provinces, every organ kind, level and rank, officials, and
 * look-alikes). Prints the table; fails if a field falls below its floor.
 *
 * The floors sit below today's figures: the fixture was partly used to find
 * gaps, so it flatters the classifier; the floors guard against regressions,
 * not prove accuracy on unseen names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { LABEL_FIELDS, parseAccountRecord, type AccountRecord } from '../domain/account-record.js';
import { classify } from './classify.js';

const FIXTURE = fileURLToPath(new URL('../../test/fixtures/classify-cases.jsonl', import.meta.url));

// Non-government cases count in every field: a false positive there is an error in all of them.
const FLOORS: Record<(typeof LABEL_FIELDS)[number], number> = {
  government: 0.97,
  kind: 0.96,
  organ: 0.95,
  public_security: 0.97,
  level: 0.93,
  rank: 0.95,
  province: 0.93,
};

function load(path = FIXTURE): AccountRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const r = parseAccountRecord(l);
      if (!r.ok) throw new Error(`${path}:${i + 1}: ${r.error}`);
      return r.record;
    });
}

describe('classifier accuracy on the labelled fixture', () => {
  const cases = load();

  it('has at least 300 cases across all 31 provinces', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const provinces = new Set(cases.map((c) => c.labels?.province).filter((p) => p));
    expect(provinces.size).toBe(31);
  });

  it('meets the per-field floors', () => {
    const right: Record<string, number> = {};
    const misses: string[] = [];
    let allRight = 0;
    for (const c of cases) {
      const got = classify(c);
      let ok = true;
      for (const f of LABEL_FIELDS) {
        if (got[f] === c.labels?.[f]) right[f] = (right[f] ?? 0) + 1;
        else {
          ok = false;
          misses.push(`${c.name} | ${c.verification ?? ''} | ${f}: want ${String(c.labels?.[f])}, got ${String(got[f])}`);
        }
      }
      if (ok) allRight++;
    }
    const rows = LABEL_FIELDS.map((f) => `${f.padEnd(16)} ${((100 * (right[f] ?? 0)) / cases.length).toFixed(1).padStart(5)}%  (floor ${FLOORS[f] * 100}%)`);
    console.log(
      [`classifier accuracy on ${cases.length} labelled cases`, ...rows, `${'all fields'.padEnd(16)} ${((100 * allRight) / cases.length).toFixed(1).padStart(5)}%`, ...misses.map((m) => `  miss: ${m}`)].join('\n'),
    );
    for (const f of LABEL_FIELDS) expect((right[f] ?? 0) / cases.length, f).toBeGreaterThanOrEqual(FLOORS[f]);
  });
});

/**
 * Real names of the kinds a crawl of real servers brings and the demo never
 * has: no verification text, traditional characters, English names, officials
 * under their own names, organs created or renamed since 2012, and phrases with
 * police or government words that are no organ. classify-holdout.jsonl found
 * the gaps (traditional characters, titles of works, bare phrases) and was
 * tuned on; classify-holdout-2.jsonl was written after that tuning and has not
 * been tuned on. Every field must hold 98% on each.
 */
describe.each(['classify-holdout.jsonl', 'classify-holdout-2.jsonl'])('classifier accuracy on real names (%s)', (file) => {
  const cases = load(fileURLToPath(new URL(`../../test/fixtures/${file}`, import.meta.url)));
  it('holds every field at 98%', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const misses: string[] = [];
    for (const f of LABEL_FIELDS) {
      let right = 0;
      for (const c of cases) {
        const got = classify(c)[f];
        if (got === c.labels?.[f]) right++;
        else misses.push(`${c.name} | ${c.verification ?? ''} | ${f}: want ${String(c.labels?.[f])}, got ${String(got)}`);
      }
      expect(right / cases.length, `${f}\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.98);
    }
  });
});
