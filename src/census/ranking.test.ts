import { describe, expect, it } from 'vitest';
import { parseCutoff } from './cutoff.js';
import { AccountIndex } from './dedupe.js';
import { CensusIngest, serviceScore } from './ingest.js';
import { topAccounts } from './ranking.js';

const labels = { government: true, kind: 'institutional', organ: 'government', public_security: false, level: 'county', rank: null, province: '11' };
function ingest(records: Record<string, unknown>[]): CensusIngest {
  const ing = new CensusIngest(new AccountIndex(), parseCutoff('2012-12-20')!);
  records.forEach((r, i) => expect(ing.add(JSON.stringify({ name: 'x', verified: true, created_at: '2011-01-01T00:00:00Z', labels, ...r }), 0, i)).toBeUndefined());
  return ing;
}
const ids = (ing: CensusIngest, k = 100) => topAccounts(ing.index, 'institutional', k).rows.map((r) => `${ing.index.providerOf(r.row)}/${ing.index.idOf(r.row)}`);

describe('the ranking', () => {
  it('breaks ties by provider, then id (shorter first, then character order)', () => {
    const ing = ingest([
      { provider: 'b.example', id: '10' },
      { provider: 'a.example', id: '9' },
      { provider: 'b.example', id: '9' },
      { provider: 'a.example', id: 'x' },
      { provider: 'a.example', id: '10' },
    ]);
    expect(ids(ing)).toEqual(['a.example/9', 'a.example/x', 'a.example/10', 'b.example/9', 'b.example/10']);
    expect(ids(ing, 2)).toEqual(['a.example/9', 'a.example/x']);
  });

  it('weighs reach over activity, counts service only where some account has it, and ranks only counted accounts', () => {
    const ing = ingest([
      { provider: 'p', id: '1', followers: 1_000_000, posts: 10 },
      { provider: 'p', id: '2', followers: 10, posts: 1_000_000 },
      { provider: 'p', id: '3', followers: 10_000_000, posts: 10_000_000, verified: false },
      { provider: 'p', id: '4', followers: 5_000_000, posts: 5_000_000, closed_at: '2012-01-01T00:00:00Z' },
    ]);
    const top = topAccounts(ing.index, 'institutional');
    expect(ids(ing)).toEqual(['p/1', 'p/2']);
    expect(top.serviceWeighed).toBe(false);
    expect(top.rows[0]!.score).toBeCloseTo((100 * (0.5 * 1 + 0.3 * (Math.log1p(10) / Math.log1p(1_000_000)))) / 0.8, 10);

    const withService = ingest([
      { provider: 'p', id: '1', followers: 100, posts: 100 },
      { provider: 'p', id: '2', followers: 100, posts: 100, service: { total: 10, response_rate: 1, median_hours_to_first_response: 0, average_rating: 5 } },
    ]);
    const t2 = topAccounts(withService.index, 'institutional');
    expect(t2.serviceWeighed).toBe(true);
    expect(t2.rows.map((r) => withService.index.idOf(r.row))).toEqual(['2', '1']);
    expect(t2.rows[0]!.score).toBeCloseTo(100, 10);
    expect(t2.rows[1]!.score).toBeCloseTo(80, 10);
  });

  it('service score: response rate, speed and rating; unusable statistics are none', () => {
    expect(serviceScore({ total: 4, response_rate: 1, median_hours_to_first_response: 0, average_rating: 5 })).toBe(1);
    expect(serviceScore({ total: 4, response_rate: 0.5, median_hours_to_first_response: 24, average_rating: null })).toBeCloseTo(0.75 * 0.5 + 0.25 * 0.5, 12);
    expect(serviceScore({ total: 0, response_rate: null })).toBe(-1);
    expect(serviceScore({ response_rate: 2 })).toBe(-1);
    expect(serviceScore(null)).toBe(-1);
    expect(serviceScore('fast')).toBe(-1);
  });
});
