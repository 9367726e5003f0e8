import { describe, expect, it } from 'vitest';
import { ORGAN_KINDS, PROVINCE_CODES } from '../domain/taxonomy.js';
import { parseCutoff } from './cutoff.js';
import { AccountIndex, PAGE_BITS } from './dedupe.js';
import { CensusIngest, serviceFields } from './ingest.js';
import { aggregateService, type ServiceFigures } from './service.js';

const cutoff = parseCutoff('2012-12-20')!;
const inst = (organ: string, level: string, province: string | null) => ({ government: true, kind: 'institutional', organ, public_security: false, level, rank: null, province });
const indiv = (province: string) => ({ government: true, kind: 'individual', organ: 'government', public_security: false, level: 'county', rank: 'staff', province });
let n = 0;
const rec = (p: Record<string, unknown>) =>
  JSON.stringify({ provider: 'weibo.example', id: String(++n), name: `账号${n}`, verified: true, created_at: '2011-05-01T00:00:00Z', closed_at: null, labels: inst('government', 'county', '11'), ...p });

function ingest(lines: string[]): CensusIngest {
  const i = new CensusIngest(new AccountIndex(), cutoff);
  lines.forEach((l, k) => expect(i.add(l, 0, k)).toBeUndefined());
  return i;
}

const none: ServiceFigures = { accounts: 0, requests: 0, answered: 0, response_rate: null, hours_to_first_response: null, average_rating: null, ratings: 0 };

describe('serviceFields: what of a record’s service object is summed', () => {
  it('leaves out objects that cannot say how many requests were answered', () => {
    expect(serviceFields(undefined)).toBeNull();
    expect(serviceFields(null)).toBeNull();
    expect(serviceFields({ response_rate: 0.5 })).toBeNull();
    expect(serviceFields({ total: 0, response_rate: 0.5 })).toBeNull();
    expect(serviceFields({ total: 2.5, response_rate: 0.5 })).toBeNull();
    expect(serviceFields({ total: 10, response_rate: null })).toBeNull();
    expect(serviceFields({ total: 10, response_rate: 1.2 })).toBeNull();
  });

  it('derives the answered requests from the rate, and drops out-of-range parts', () => {
    expect(serviceFields({ total: 7, response_rate: 0.4286, median_hours_to_first_response: 3.5, average_rating: 4.2, ratings: 5 })).toEqual({
      requests: 7,
      answered: 3,
      medianHours: 3.5,
      rating: 4.2,
      ratings: 5,
    });
    const f = serviceFields({ total: 3, response_rate: 1, median_hours_to_first_response: -1, average_rating: 9, ratings: -2 })!;
    expect([f.answered, Number.isNaN(f.medianHours), Number.isNaN(f.rating), f.ratings]).toEqual([3, true, true, 0]);
  });
});

describe('aggregateService', () => {
  it('empty: an index without statistics gives zeros and nulls everywhere, every organ kind and province present', () => {
    const q = aggregateService(ingest([rec({}), rec({ labels: inst('court', 'national', null) })]).index);
    expect(q.total).toEqual(none);
    expect(q.national).toEqual(none);
    expect(q.by_kind).toEqual({ institutional: none, individual: none });
    expect(Object.keys(q.by_organ)).toEqual([...ORGAN_KINDS]);
    expect(Object.keys(q.by_province)).toEqual([...PROVINCE_CODES]);
    expect(Object.values(q.by_province).every((f) => f.accounts === 0)).toBe(true);
    expect(q.method.en).toContain("mean of the accounts' medians weighted by their answered requests");
    expect(aggregateService(new AccountIndex()).total).toEqual(none);
  });

  it('populated: sums per province, organ and kind; hours weighted by answered requests, ratings by their count', () => {
    const i = ingest([
      // Beijing government organ: 10 requests, 8 answered in a median 2 h, rated 4 by 4 people.
      rec({ service: { total: 10, response_rate: 0.8, median_hours_to_first_response: 2, average_rating: 4, ratings: 4 } }),
      // Beijing court: 30 requests, 12 answered in a median 12 h, rated 2 without a count (one rating).
      rec({ labels: inst('court', 'county', '11'), service: { total: 30, response_rate: 0.4, median_hours_to_first_response: 12, average_rating: 2 } }),
      // Shandong official: 5 requests, none answered yet.
      rec({ labels: indiv('37'), service: { total: 5, response_rate: 0, median_hours_to_first_response: null, average_rating: null } }),
      // A national organ: 4 requests, all answered in 1 h.
      rec({ labels: inst('government', 'national', null), service: { total: 4, response_rate: 1, median_hours_to_first_response: 1, average_rating: null, ratings: 0 } }),
      // Not counted: opened after the cut-off, closed, or not government.
      rec({ created_at: '2013-01-01T00:00:00Z', service: { total: 100, response_rate: 1 } }),
      rec({ closed_at: '2012-01-01T00:00:00Z', service: { total: 100, response_rate: 1 } }),
      rec({ labels: { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null }, service: { total: 100, response_rate: 1 } }),
      // Counted without statistics.
      rec({}),
    ]);
    const q = aggregateService(i.index);
    // hours: (2·8 + 12·12 + 1·4) / (8 + 12 + 4) = 164 / 24; rating: (4·4 + 2·1) / 5.
    expect(q.total).toEqual({ accounts: 4, requests: 49, answered: 24, response_rate: 0.4898, hours_to_first_response: 6.83, average_rating: 3.6, ratings: 5 });
    expect(q.by_province['11']).toEqual({ accounts: 2, requests: 40, answered: 20, response_rate: 0.5, hours_to_first_response: 8, average_rating: 3.6, ratings: 5 });
    expect(q.by_province['37']).toEqual({ accounts: 1, requests: 5, answered: 0, response_rate: 0, hours_to_first_response: null, average_rating: null, ratings: 0 });
    expect(q.national).toEqual({ accounts: 1, requests: 4, answered: 4, response_rate: 1, hours_to_first_response: 1, average_rating: null, ratings: 0 });
    expect(q.by_organ.court).toEqual({ accounts: 1, requests: 30, answered: 12, response_rate: 0.4, hours_to_first_response: 12, average_rating: 2, ratings: 1 });
    expect(q.by_organ.government.accounts).toBe(3);
    expect(q.by_organ.party).toEqual(none);
    expect(q.by_kind.individual.requests).toBe(5);
    expect(q.by_kind.institutional.requests).toBe(44);
  });

  it('the last occurrence wins: a later record without statistics takes them away', () => {
    const line = (service?: object) => JSON.stringify({ provider: 'p', id: '1', name: 'x', verified: true, created_at: '2011-01-01T00:00:00Z', labels: inst('government', 'county', '11'), ...(service ? { service } : {}) });
    expect(aggregateService(ingest([line({ total: 3, response_rate: 1 }), line()]).index).total.accounts).toBe(0);
    expect(aggregateService(ingest([line(), line({ total: 3, response_rate: 1 })]).index).total.requests).toBe(3);
  });

  it('pages without statistics cost nothing and are skipped; a later page with them is summed', () => {
    const lines: string[] = [];
    const rows = (1 << PAGE_BITS) + 5;
    for (let k = 0; k < rows; k++) lines.push(JSON.stringify({ provider: 'p', id: String(k), name: 'x', verified: true, created_at: '2011-01-01T00:00:00Z', labels: inst('court', 'county', '32'), ...(k === rows - 1 ? { service: { total: 9, response_rate: 1 } } : {}) }));
    const i = ingest(lines);
    expect(i.index.pages[0]!.stats).toBeNull();
    expect(i.index.pages[1]!.stats).not.toBeNull();
    expect(aggregateService(i.index).by_province['32']).toMatchObject({ accounts: 1, requests: 9, answered: 9 });
  });
});
