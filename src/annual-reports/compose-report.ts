import { computeServiceStats, type ServiceStatsInput } from '../requests/service-stats.js';

/** The schema of the reports made here: Mastodon's current one (4.5: archetype, time series, top hashtags, top statuses). */
export const ANNUAL_REPORT_SCHEMA = 2;
/** Mastodon's average of posts a year of an active user (2023): fewer, and the account is a lurker. */
const AVERAGE_PER_YEAR = 113;
const SCORE_MULTIPLIER = 2;
const TOP_HASHTAGS = 40;

export interface YearStatus {
  id: number;
  visibility: string;
  reblog_of_id: number | null;
  in_reply_to_id: number | null;
  in_reply_to_account_id: number | null;
  application_name: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  created_at: string;
}

/** Everything a report is made of, loaded beforehand (generate-annual-report.ts): the composition is pure. */
export interface YearFacts {
  accountId: number;
  statuses: readonly YearStatus[];
  hashtags: readonly { name: string; count: number }[];
  followingTimes: readonly string[];
  followerTimes: readonly string[];
  /** Statuses of the year of every account that posted, and followers gained by every account that gained any. */
  everyonesStatuses: readonly number[];
  everyonesFollowerGains: readonly number[];
  /** For a verified organ: the service requests it received that year. */
  serviceRequests: readonly ServiceStatsInput[] | null;
}

export type Archetype = 'lurker' | 'booster' | 'pollster' | 'replier' | 'oracle';

/**
 * Mastodon's archetype: few posts a lurker; mostly reblogs a booster; mostly
 * replies to others a replier; else an oracle. (Pollster needs polls, which
 * this provider's statuses do not carry yet: no one is one.)
 */
export function archetypeOf(facts: YearFacts): Archetype {
  const reblogs = facts.statuses.filter((s) => s.reblog_of_id !== null).length;
  const replies = facts.statuses.filter((s) => s.in_reply_to_id !== null && Number(s.in_reply_to_account_id) !== facts.accountId).length;
  const standalone = facts.statuses.filter((s) => s.reblog_of_id === null && s.in_reply_to_id === null).length;
  if (facts.statuses.length < AVERAGE_PER_YEAR) return 'lurker';
  if (reblogs > standalone * SCORE_MULTIPLIER) return 'booster';
  if (replies > standalone * SCORE_MULTIPLIER) return 'replier';
  return 'oracle';
}

function byMonth(times: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of times) {
    const m = Number(t.slice(5, 7));
    out.set(m, (out.get(m) ?? 0) + 1);
  }
  return out;
}

/** The public status with the most of a count, leaving out those already picked. */
function top(statuses: readonly YearStatus[], count: 'reblogs_count' | 'favourites_count' | 'replies_count', exclude: readonly (string | null)[]): string | null {
  let best: YearStatus | null = null;
  for (const s of statuses) {
    if (s.visibility !== 'public' || s.reblog_of_id !== null || exclude.includes(String(s.id))) continue;
    if (!best || Number(s[count]) > Number(best[count]) || (Number(s[count]) === Number(best[count]) && Number(s.id) < Number(best.id))) best = s;
  }
  return best ? String(best.id) : null;
}

/** Which percentile the value is at among everyone's: the share with less than it, in percent. */
function percentile(value: number, everyone: readonly number[]): number {
  if (everyone.length === 0) return 0;
  const below = everyone.filter((v) => v < value).length;
  return Math.round((below / everyone.length) * 10_000) / 100;
}

/**
 * The report's data. Mastodon's schema-2 keys as it writes them
 * (`archetype`, `time_series`, `top_hashtags`, `top_statuses`), schema 1's
 * `percentiles` and `most_used_apps` beside them, and govblog's own
 * `gov_service` for a verified organ: its year of service to citizens.
 */
export function composeAnnualReport(facts: YearFacts) {
  const statusesByMonth = byMonth(facts.statuses.map((s) => s.created_at));
  const following = byMonth(facts.followingTimes);
  const followers = byMonth(facts.followerTimes);
  const byReblogs = top(facts.statuses, 'reblogs_count', []);
  const byFavourites = top(facts.statuses, 'favourites_count', [byReblogs]);
  const byReplies = top(facts.statuses, 'replies_count', [byReblogs, byFavourites]);
  const apps = new Map<string, number>();
  for (const s of facts.statuses) if (s.application_name) apps.set(s.application_name, (apps.get(s.application_name) ?? 0) + 1);
  const service = facts.serviceRequests === null ? null : computeServiceStats(facts.serviceRequests);
  return {
    archetype: archetypeOf(facts),
    time_series: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, statuses: statusesByMonth.get(i + 1) ?? 0, following: following.get(i + 1) ?? 0, followers: followers.get(i + 1) ?? 0 })),
    top_hashtags: facts.hashtags.slice(0, TOP_HASHTAGS).map((h) => ({ name: h.name, count: h.count })),
    top_statuses: { by_reblogs: byReblogs, by_favourites: byFavourites, by_replies: byReplies },
    percentiles: { followers: percentile(facts.followerTimes.length, facts.everyonesFollowerGains), statuses: percentile(facts.statuses.length, facts.everyonesStatuses) },
    most_used_apps: [...apps].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([name, count]) => ({ name, count })),
    gov_service:
      service === null
        ? null
        : {
            requests_received: service.total,
            requests_answered: (facts.serviceRequests ?? []).filter((r) => r.first_response_at !== null).length,
            requests_resolved: service.counts.resolved,
            response_rate: service.response_rate,
            median_hours_to_first_response: service.median_hours_to_first_response,
            average_rating: service.average_rating,
          },
  };
}

export type AnnualReportData = ReturnType<typeof composeAnnualReport>;
