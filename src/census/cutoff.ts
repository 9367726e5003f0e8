/**
 * Cut-off dates and timestamps as the report compares them (CONTRACT §3): an
 * account counts at cut-off C when it was opened by the end of day C (UTC) and
 * not closed by then. Comparing against the start of the next day in epoch
 * milliseconds keeps every comparison a single number test on the hot path.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A cut-off day: its ISO date and the first millisecond after it. */
export interface Cutoff {
  /** YYYY-MM-DD, as given. */
  date: string;
  /** Epoch ms of 00:00:00 UTC of the following day: counted means created_at < this. */
  nextDayMs: number;
}

/** Parses YYYY-MM-DD as a real calendar date; undefined when it is not one. */
export function parseCutoff(text: string): Cutoff | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2012-02-30 over into March: a date that does not come back unchanged is not a date.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return { date: text, nextDayMs: ms + DAY_MS };
}

/** The same day one year earlier; 29 February falls back to the 28th. */
export function oneYearBefore(c: Cutoff): Cutoff {
  const y = Number(c.date.slice(0, 4)) - 1;
  const mo = Number(c.date.slice(5, 7));
  let d = Number(c.date.slice(8, 10));
  if (mo === 2 && d === 29) d = 28;
  const date = `${String(y).padStart(4, '0')}-${c.date.slice(5, 7)}-${String(d).padStart(2, '0')}`;
  return parseCutoff(date)!;
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/**
 * Epoch milliseconds of an RFC 3339 timestamp that isRfc3339() has accepted.
 * Reads fixed positions instead of running a second regular expression: this
 * runs once or twice for every input line. A leap second (:60) rolls over to
 * the next minute, as Date.UTC does; fractions beyond milliseconds are
 * dropped, which cannot move a time across a whole-second cut-off.
 */
export function timestampMs(s: string): number {
  let ms = Date.UTC(digits(s, 0, 4), digits(s, 5, 2) - 1, digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2));
  let i = 19;
  if (s.charCodeAt(i) === 46 /* . */) {
    let frac = 0;
    let scale = 100;
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac += (c - 48) * scale;
      scale /= 10;
    }
    ms += Math.floor(frac);
  }
  const sign = s.charCodeAt(i);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    const offset = (digits(s, i + 1, 2) * 60 + digits(s, i + 4, 2)) * 60_000;
    ms += sign === 43 ? -offset : offset;
  }
  return ms;
}
