import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAccountRecord } from '../domain/account-record.js';
import { examineChunk } from './ingest.js';
import { scanAccountRecord } from './scan-record.js';
import { generatePopulation } from './testing/population.js';

const NEXT_DAY = Date.parse('2012-12-21T00:00:00Z');

const base = {
  provider: 'weibo.example',
  id: '1001',
  handle: 'shfb',
  name: '上海发布',
  verified: true,
  verification: '上海市人民政府新闻办公室官方微博',
  created_at: '2011-05-01T08:00:00Z',
  closed_at: null,
  followers: 1200,
  posts: 30,
  labels: { government: true, kind: 'institutional', organ: 'government', public_security: false, level: 'provincial', rank: null, province: '31' },
  service: { total: 40, response_rate: 0.75, median_hours_to_first_response: 5.5, average_rating: 4.2, ratings: 12 },
};

/** What the report reads of a record, the same whichever path made it. */
function seen(r: Record<string, unknown>, details: boolean) {
  return {
    provider: r.provider,
    id: r.id,
    verified: r.verified,
    created_at: r.created_at,
    closed_at: r.closed_at ?? null,
    followers: r.followers ?? null,
    posts: r.posts ?? null,
    labels: r.labels,
    service: r.service,
    ...(details ? { name: r.name, handle: r.handle ?? null, verification: r.verification ?? null } : {}),
  };
}

function both(line: string, details = true) {
  const bytes = Buffer.from(line);
  return { fast: scanAccountRecord(bytes, 0, bytes.length, details), slow: parseAccountRecord(line) };
}

describe('scanAccountRecord', () => {
  it('reads a common line as JSON.parse and the checks do', () => {
    const { fast, slow } = both(JSON.stringify(base));
    expect(fast).toBeDefined();
    expect(slow.ok).toBe(true);
    expect(seen(fast as never, true)).toEqual(seen(slow.ok ? (slow.record as never) : {}, true));
  });

  it.each([
    ['an escape in a string', JSON.stringify({ ...base, name: '上海\\n发布' })],
    ['an array', JSON.stringify({ ...base, tags: [1] })],
    ['a nested object elsewhere', JSON.stringify({ ...base, extra: { a: 1 } })],
    ['a repeated key', JSON.stringify(base).replace('{', '{"id":"9",')],
    ['a repeated label', JSON.stringify(base).replace('"government":true', '"government":true,"government":false')],
    ['uncertain labels', JSON.stringify({ ...base, labels: { ...base.labels, uncertain: ['level'] } })],
    ['a blank name', JSON.stringify({ ...base, name: '\u3000 ' })],
    ['a count that is not an integer', JSON.stringify({ ...base, followers: 1.5 })],
    ['a bad date', JSON.stringify({ ...base, created_at: '2012-02-30T00:00:00Z' })],
    ['an unknown organ', JSON.stringify({ ...base, labels: { ...base.labels, organ: 'army' } })],
    ['trailing text', JSON.stringify(base) + ' x'],
    ['a leading zero', JSON.stringify(base).replace('"posts":30', '"posts":030')],
    ['a missing field', JSON.stringify({ ...base, verified: undefined })],
    ['not an object', '[1]'],
  ])('leaves %s to JSON.parse', (_, line) => {
    expect(both(line).fast).toBeUndefined();
  });

  it('never accepts what the checks reject, and reads what it accepts as they do (random edits of real lines)', () => {
    const { inputs } = generatePopulation({ seed: 16, accounts: 300, inputs: 1, badLines: 20 });
    const lines = [...inputs[0]!, JSON.stringify(base), JSON.stringify({ ...base, labels: null, service: null })];
    const edits = fc.array(
      fc.record({ at: fc.nat(), cut: fc.integer({ min: 0, max: 3 }), put: fc.constantFrom('', ' ', '"', ',', ':', '{', '}', '[', '0', '-', '1e3', '.5', 'null', 'true', '\\', '\u3000', '上', 'é', '\t', '\u0001', 'x') }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...lines), edits, fc.boolean(), (original, changes, details) => {
        let line = original;
        for (const e of changes) {
          const at = e.at % (line.length + 1);
          line = line.slice(0, at) + e.put + line.slice(at + e.cut);
        }
        const { fast, slow } = both(line, details);
        if (fast === undefined) return;
        expect(slow.ok).toBe(true);
        if (slow.ok) expect(seen(fast as never, details)).toEqual(seen(slow.record as never, details));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes most lines of a crawl', () => {
    const { inputs } = generatePopulation({ seed: 3, accounts: 500, inputs: 1 });
    const valid = inputs[0]!.filter((l) => parseAccountRecord(l).ok);
    const taken = valid.filter((l) => both(l, false).fast !== undefined).length;
    expect(taken / valid.length).toBeGreaterThan(0.95);
  });
});

describe('examineChunk', () => {
  it('gives the same columns and rejections with the scan as with JSON.parse for every line', () => {
    const { inputs } = generatePopulation({ seed: 9, accounts: 800, inputs: 1, badLines: 40 });
    const text = Buffer.from('\ufeff' + inputs[0]!.join('\r\n') + '\n\n   \n' + JSON.stringify(base));
    for (const keepDetails of [false, true]) {
      const fast = examineChunk(text, 10, true, NEXT_DAY, keepDetails, true);
      const slow = examineChunk(text, 10, true, NEXT_DAY, keepDetails, false);
      expect(fast).toEqual(slow);
      expect(fast.count).toBeGreaterThan(700);
    }
  });
});
