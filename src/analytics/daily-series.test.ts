import { describe, expect, it } from 'vitest';
import { analyticsRange } from './organ-analytics.js';
import { addDays, buildDailySeries, daysBetween, isDay, totalsOf } from './daily-series.js';

const zero = { followers_gained: 0, followers_lost: 0, posts: 0, replies_received: 0, favourites_received: 0, reblogs_received: 0 };

describe('daily series (pure)', () => {
  it('knows real calendar days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2024-13-01')).toBe(false);
    expect(isDay('2024-1-01')).toBe(false);
    expect(isDay('yesterday')).toBe(false);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysBetween('2024-01-01', '2024-01-01')).toBe(1);
  });

  it('has every day of the range, zeros where nothing was counted', () => {
    const days = buildDailySeries('2024-03-01', '2024-03-04', [{ day: '2024-03-02', ...zero, posts: 3 }], 0, 0);
    expect(days.map((d) => d.day)).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04']);
    expect(days.map((d) => d.posts)).toEqual([0, 3, 0, 0]);
    expect(days[0]).toEqual({ day: '2024-03-01', followers: 0, ...zero });
  });

  it('derives followers at the end of each day backwards from today’s count', () => {
    // Today 10 followers; after the range +2 net; in the range: +5 on day 1, +3 −1 on day 3.
    const rows = [
      { day: '2024-03-01', ...zero, followers_gained: 5 },
      { day: '2024-03-03', ...zero, followers_gained: 3, followers_lost: 1 },
      { day: '2024-03-09', ...zero, followers_gained: 2 },
    ];
    const days = buildDailySeries('2024-03-01', '2024-03-03', rows, 10, 2);
    expect(days.map((d) => d.followers)).toEqual([6, 6, 8]);
    expect(totalsOf(days)).toEqual({ followers: 8, followers_start: 1, followers_gained: 8, followers_lost: 1, posts: 0, replies_received: 0, favourites_received: 0, reblogs_received: 0 });
  });

  it('resolves the range: default the last 30 days, every problem naming its field', () => {
    expect(analyticsRange('2024-03-31', {})).toEqual({ from: '2024-03-02', to: '2024-03-31' });
    expect(analyticsRange('2024-03-31', { to: '2024-01-31' })).toEqual({ from: '2024-01-02', to: '2024-01-31' });
    expect(analyticsRange('2024-03-31', { from: '2024-03-30' })).toEqual({ from: '2024-03-30', to: '2024-03-31' });
    expect(analyticsRange('2025-01-01', { from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return Object.keys((e as { details: object }).details);
      }
      return null;
    };
    expect(field(() => analyticsRange('2024-03-31', { from: '2024-03-10', to: '2024-03-01' }))).toEqual(['from']);
    expect(field(() => analyticsRange('2025-01-01', { from: '2023-12-31', to: '2024-12-31' }))).toEqual(['from']);
    expect(field(() => analyticsRange('2024-03-31', { from: '2024-02-30' }))).toEqual(['from']);
    expect(field(() => analyticsRange('2024-03-31', { to: 'now' }))).toEqual(['to']);
  });
});
