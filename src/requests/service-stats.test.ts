import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_STATES } from '../domain/service-request.js';
import { type ServiceStatsInput, computeServiceStats, median } from './service-stats.js';

const at = (h: number) => new Date(Date.UTC(2024, 0, 1) + h * 3_600_000).toISOString();

function req(state: ServiceStatsInput['state'], createdH: number, respondedH: number | null, rating: number | null = null): ServiceStatsInput {
  return { state, created_at: at(createdH), first_response_at: respondedH === null ? null : at(respondedH), rating };
}

describe('service statistics (pure)', () => {
  it('is empty and null-valued for an organ nobody has asked', () => {
    expect(computeServiceStats([])).toEqual({
      total: 0,
      counts: { submitted: 0, accepted: 0, responded: 0, resolved: 0 },
      response_rate: null,
      median_hours_to_first_response: null,
      average_rating: null,
      ratings: 0,
    });
  });

  it('counts by state, the response rate, the median delay and the average rating', () => {
    const stats = computeServiceStats([
      req('submitted', 0, null),
      req('accepted', 0, null),
      req('responded', 0, 2),
      req('resolved', 10, 14, 5),
      req('resolved', 20, 21.5, 2),
    ]);
    expect(stats).toEqual({
      total: 5,
      counts: { submitted: 1, accepted: 1, responded: 1, resolved: 2 },
      response_rate: 0.6,
      median_hours_to_first_response: 2,
      average_rating: 3.5,
      ratings: 2,
    });
  });

  it('takes the mean of the two middle delays for an even count, and rounds', () => {
    expect(computeServiceStats([req('responded', 0, 1), req('responded', 0, 2), req('responded', 0, 4), req('responded', 0, 100)]).median_hours_to_first_response).toBe(3);
    expect(computeServiceStats([req('responded', 0, 1 / 3), req('submitted', 0, null), req('submitted', 0, null)])).toMatchObject({
      median_hours_to_first_response: 0.33,
      response_rate: 0.3333,
    });
  });

  it('median: the middle value lies between min and max, and order does not matter', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        expect(median([...xs].reverse())).toBe(m);
      }),
    );
  });

  it('counts add up to the total and the rate stays within [0, 1]', () => {
    const arb = fc.array(
      fc.record({ state: fc.constantFrom(...REQUEST_STATES), c: fc.integer({ min: 0, max: 1000 }), d: fc.option(fc.integer({ min: 0, max: 1000 })), rating: fc.option(fc.integer({ min: 1, max: 5 })) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const stats = computeServiceStats(rows.map((r) => req(r.state, r.c, r.d === null ? null : r.c + r.d, r.rating)));
        expect(Object.values(stats.counts).reduce((a, b) => a + b, 0)).toBe(rows.length);
        if (stats.response_rate !== null) expect(stats.response_rate).toBeGreaterThanOrEqual(0);
        if (stats.response_rate !== null) expect(stats.response_rate).toBeLessThanOrEqual(1);
        if (stats.average_rating !== null) expect(stats.average_rating).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
