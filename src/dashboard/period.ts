import { fieldError } from '../app/errors.js';

const DAY = 86_400_000;
/** The longest period a measure or dimension covers, in days (ten years): longer asks are refused, not computed. */
export const MAX_PERIOD_DAYS = 3660;
/** A period left open ends today (`end_at`) and spans this many days back from its end (`start_at`). */
export const DEFAULT_PERIOD_DAYS = 30;

/** A period of whole UTC days, both ends included, as Mastodon's day-based measures take `start_at..end_at`. */
export interface DayPeriod {
  /** YYYY-MM-DD of each day, in order. */
  days: string[];
  /** [start, end) as ISO timestamps, for queries on timestamp text. */
  from: string;
  until: string;
}

function dayOf(field: string, text: string): number {
  const t = Date.parse(text);
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}/.test(text.trim())) throw fieldError(field, 'ERR_INVALID', 'is not an ISO 8601 date or time');
  return Math.floor(t / DAY) * DAY;
}

export function dayPeriodFrom(startMs: number, endMs: number): DayPeriod {
  const days: string[] = [];
  for (let t = startMs; t <= endMs; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  return { days, from: new Date(startMs).toISOString(), until: new Date(endMs + DAY).toISOString() };
}

/** Whether a period bound was left out (absent or blank). */
export function isOpen(text: string | undefined): text is undefined | '' {
  return text === undefined || text.trim() === '';
}

/**
 * `start_at` and `end_at` as the admin API takes them; 422 naming the field
 * when malformed, reversed or too long. Left out (Mastodon's own dashboard
 * always sends them; other clients do not), the period ends today and starts
 * DEFAULT_PERIOD_DAYS before its end.
 */
export function parsePeriod(input: { start_at?: string | undefined; end_at?: string | undefined }, today: Date): { period: DayPeriod; previous: DayPeriod } {
  const end = isOpen(input.end_at) ? Math.floor(today.getTime() / DAY) * DAY : dayOf('end_at', input.end_at);
  const start = isOpen(input.start_at) ? end - (DEFAULT_PERIOD_DAYS - 1) * DAY : dayOf('start_at', input.start_at);
  if (end < start) throw fieldError('end_at', 'ERR_BEFORE_START', 'is before start_at');
  if ((end - start) / DAY + 1 > MAX_PERIOD_DAYS) throw fieldError('end_at', 'ERR_TOO_LONG', `makes a period longer than ${MAX_PERIOD_DAYS} days`);
  // The period before, as Mastodon shifts it: back by the distance from start to end.
  const length = end - start;
  return { period: dayPeriodFrom(start, end), previous: dayPeriodFrom(start - length, end - length) };
}

/** A day as the measures' `data` names it: `2019-01-01T00:00:00Z`. */
export function dayStamp(day: string): string {
  return `${day}T00:00:00Z`;
}
