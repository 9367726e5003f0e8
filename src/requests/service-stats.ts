import { REQUEST_STATES, type RequestState } from '../domain/service-request.js';

/** What the statistics read of one request. */
export interface ServiceStatsInput {
  state: RequestState;
  created_at: string;
  first_response_at: string | null;
  rating: number | null;
}

/** An organ's service record, as its public page and its analytics show it. */
export interface ServiceStats {
  total: number;
  /** Requests in each state now. */
  counts: Record<RequestState, number>;
  /** Requests that got a first response, over all requests; null when there are none. */
  response_rate: number | null;
  /** Median of the hours from submission to first response, over answered requests; null when none. */
  median_hours_to_first_response: number | null;
  /** Mean citizen rating (1–5) of rated requests; null when none. */
  average_rating: number | null;
  ratings: number;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The median of a non-empty list: the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Counts by state, response rate (4 decimals), median hours to first response and average rating (2 decimals). Pure. */
export function computeServiceStats(rows: readonly ServiceStatsInput[]): ServiceStats {
  const counts = Object.fromEntries(REQUEST_STATES.map((s) => [s, 0])) as Record<RequestState, number>;
  const hours: number[] = [];
  const ratings: number[] = [];
  for (const r of rows) {
    counts[r.state] += 1;
    if (r.first_response_at !== null) hours.push(Math.max(0, Date.parse(r.first_response_at) - Date.parse(r.created_at)) / 3_600_000);
    if (r.rating !== null) ratings.push(Number(r.rating));
  }
  return {
    total: rows.length,
    counts,
    response_rate: rows.length ? round(hours.length / rows.length, 4) : null,
    median_hours_to_first_response: hours.length ? round(median(hours), 2) : null,
    average_rating: ratings.length ? round(ratings.reduce((a, b) => a + b, 0) / ratings.length, 2) : null,
    ratings: ratings.length,
  };
}
