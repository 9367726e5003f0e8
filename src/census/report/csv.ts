/**
 * `--format csv`: one table per breakdown (RFC 4180, UTF-8 with CRLF), each
 * headed by machine keys. With --out the tables go to one file each in a
 * folder; on stdout each is preceded by a `# <table>` line and followed by a
 * blank line.
 */
import type { CensusReport } from '../aggregate.js';
import { reportTables, type Cell } from './tables.js';

/**
 * A text cell that a spreadsheet would run as a formula (an account named
 * `=HYPERLINK(…)`) is written with a leading apostrophe, as OWASP advises for
 * CSV injection; numbers are written as they are.
 */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Each table as a CSV document, by its name. */
export function renderCsvTables(r: CensusReport): { name: string; csv: string }[] {
  return reportTables(r).map((t) => ({
    name: t.id,
    csv: [t.columns.map((c) => csvField(c.key)), ...t.rows.map((row) => row.map(csvField))].map((cells) => cells.join(',') + '\r\n').join(''),
  }));
}

/** All tables in one stream, for stdout. */
export function renderCsvStream(r: CensusReport): string {
  return renderCsvTables(r)
    .map((t) => `# ${t.name}\r\n${t.csv}`)
    .join('\r\n');
}
