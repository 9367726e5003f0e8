/** `--format json`: the report object of CONTRACT §3, one line. */
import type { CensusReport } from '../aggregate.js';

export function renderJson(report: CensusReport): string {
  return JSON.stringify(report);
}
