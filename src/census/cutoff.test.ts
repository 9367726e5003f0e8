import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfc3339 } from '../domain/account-record.js';
import { oneYearBefore, parseCutoff, timestampMs } from './cutoff.js';

describe('cut-off dates', () => {
  it('refuses what is not a calendar date', () => {
    for (const bad of ['2012-02-30', '2011-02-29', '2012-13-01', '2012-1-1', '20121220', '2012-12-20T00:00:00Z', '', 'soon']) expect(parseCutoff(bad), bad).toBeUndefined();
    expect(parseCutoff('2012-02-29')).toEqual({ date: '2012-02-29', nextDayMs: Date.parse('2012-03-01T00:00:00Z') });
  });
  it('one year before; 29 February falls back to the 28th', () => {
    expect(oneYearBefore(parseCutoff('2012-12-20')!).date).toBe('2011-12-20');
    expect(oneYearBefore(parseCutoff('2012-02-29')!).date).toBe('2011-02-28');
  });
});

describe('timestampMs', () => {
  it('reads offsets, fractions and lower-case separators', () => {
    expect(timestampMs('2012-12-21T07:59:59+08:00')).toBe(Date.parse('2012-12-20T23:59:59Z'));
    expect(timestampMs('2012-12-20T23:30:00-01:00')).toBe(Date.parse('2012-12-21T00:30:00Z'));
    expect(timestampMs('2012-12-20t23:59:59.9999z')).toBe(Date.parse('2012-12-20T23:59:59.999Z'));
    expect(timestampMs('2012-12-20 10:00:00.5Z')).toBe(Date.parse('2012-12-20T10:00:00.500Z'));
  });
  it('agrees with Date.parse on every valid timestamp', () => {
    const ts = fc
      .record({
        ms: fc.integer({ min: Date.parse('1971-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }),
        offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
        frac: fc.constantFrom('', '.5', '.123', '.123456'),
      })
      .map(({ ms, offset, frac }) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        return `${local}${frac}${offset === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`}`;
      });
    fc.assert(
      fc.property(ts, (s) => {
        expect(isRfc3339(s)).toBe(true);
        // Date.parse keeps milliseconds only, as timestampMs does.
        expect(timestampMs(s)).toBe(Date.parse(s.replace(/(\.\d{3})\d+/, '$1')));
      }),
      { numRuns: 2000 },
    );
  });
});
