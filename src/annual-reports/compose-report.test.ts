import { describe, expect, it } from 'vitest';
import { type YearFacts, type YearStatus, archetypeOf, composeAnnualReport } from './compose-report.js';

function status(id: number, o: Partial<YearStatus> = {}): YearStatus {
  return { id, visibility: 'public', reblog_of_id: null, in_reply_to_id: null, in_reply_to_account_id: null, application_name: null, replies_count: 0, reblogs_count: 0, favourites_count: 0, created_at: '2026-03-01T00:00:00Z', ...o };
}

function facts(statuses: YearStatus[], o: Partial<YearFacts> = {}): YearFacts {
  return { accountId: 1, statuses, hashtags: [], followingTimes: [], followerTimes: [], everyonesStatuses: [], everyonesFollowerGains: [], serviceRequests: null, ...o };
}

const many = (n: number, o: (i: number) => Partial<YearStatus>) => Array.from({ length: n }, (_, i) => status(i + 1, o(i)));

describe('the annual report, composed', () => {
  it('gives the archetype as Mastodon does', () => {
    expect(archetypeOf(facts(many(112, () => ({}))))).toBe('lurker');
    expect(archetypeOf(facts(many(120, () => ({}))))).toBe('oracle');
    expect(archetypeOf(facts(many(120, (i) => (i < 100 ? { reblog_of_id: 999 } : {}))))).toBe('booster');
    expect(archetypeOf(facts(many(120, (i) => (i < 100 ? { in_reply_to_id: 5, in_reply_to_account_id: 2 } : {}))))).toBe('replier');
    // Replies to oneself (threads) are not replying to others.
    expect(archetypeOf(facts(many(120, (i) => (i < 100 ? { in_reply_to_id: 5, in_reply_to_account_id: 1 } : {}))))).toBe('oracle');
  });

  it('picks three different public top statuses, and counts months, apps and percentiles', () => {
    const data = composeAnnualReport(
      facts(
        [
          status(1, { reblogs_count: 9, favourites_count: 9, replies_count: 9 }),
          status(2, { favourites_count: 5, application_name: 'Elk', created_at: '2026-12-01T00:00:00Z' }),
          status(3, { replies_count: 4, application_name: 'Elk' }),
          status(4, { reblogs_count: 50, visibility: 'private', application_name: 'Ivory' }),
        ],
        { followerTimes: ['2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'], everyonesStatuses: [1, 2, 4, 10], everyonesFollowerGains: [2, 5] },
      ),
    );
    expect(data.top_statuses).toEqual({ by_reblogs: '1', by_favourites: '2', by_replies: '3' });
    expect(data.time_series[0]).toEqual({ month: 1, statuses: 0, following: 0, followers: 2 });
    expect(data.time_series[2]?.statuses).toBe(3);
    expect(data.time_series[11]?.statuses).toBe(1);
    expect(data.most_used_apps).toEqual([{ name: 'Elk', count: 2 }, { name: 'Ivory', count: 1 }]);
    expect(data.percentiles).toEqual({ statuses: 50, followers: 0 });
    expect(data.gov_service).toBeNull();
  });

  it("reports an organ's service year", () => {
    const data = composeAnnualReport(
      facts([], {
        serviceRequests: [
          { state: 'resolved', created_at: '2026-02-01T00:00:00Z', first_response_at: '2026-02-01T02:00:00Z', rating: 5 },
          { state: 'submitted', created_at: '2026-02-02T00:00:00Z', first_response_at: null, rating: null },
        ],
      }),
    );
    expect(data.gov_service).toEqual({ requests_received: 2, requests_answered: 1, requests_resolved: 1, response_rate: 0.5, median_hours_to_first_response: 2, average_rating: 5 });
  });
});
