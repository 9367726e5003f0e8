import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CensusReport } from '../census/aggregate.js';
import { parseCutoff } from '../census/cutoff.js';
import { makeReport, renderReport } from '../census/run-report.js';
import { PROVINCES } from '../domain/taxonomy.js';

export interface DemoReportRequest {
  /** The crawl's JSONL. */
  input: string;
  /** Where report.{json,md,html} and csv/ go. */
  dir: string;
  cutoff: string;
  previousCutoff: string;
  /** Further dates the same crawl is counted at, for the report's trend. */
  earlierCutoffs?: string[];
}

function pct(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(2)}%` : '–';
}

function topProvinces(r: CensusReport, kind: 'institutional' | 'individual'): string {
  return Object.entries(r.by_province)
    .sort((a, b) => b[1][kind] - a[1][kind])
    .slice(0, 3)
    .map(([code, t]) => `${PROVINCES[code]?.zh ?? code} ${t[kind].toLocaleString('en')}`)
    .join('、');
}

/** The headline the demo prints: the figures a reader checks against the 2012 report first. */
export function headline(r: CensusReport): string[] {
  const i = r.institutional;
  const d = r.individual;
  const lines = [
    `截至${r.cutoff}，政务微博总数 ${r.total.toLocaleString('en')} 个 (government microblogs as of ${r.cutoff}: ${r.total.toLocaleString('en')})`,
  ];
  if (r.previous && r.previous.total > 0) {
    // From the exact totals: the JSON's ratio is rounded to 3 decimals, too coarse for a percentage to 2.
    const increase = ((100 * (r.total - r.previous.total)) / r.previous.total).toFixed(2);
    lines.push(`较 ${r.previous.cutoff} 的 ${r.previous.total.toLocaleString('en')} 个增长 ${increase}% (growth on ${r.previous.total.toLocaleString('en')}: +${increase}%)`);
  }
  lines.push(
    `机构微博 ${i.total.toLocaleString('en')} 个，其中公安系统 ${i.public_security.toLocaleString('en')} (${pct(i.public_security, i.total)}) (institutional; police share)`,
    `公职人员微博 ${d.total.toLocaleString('en')} 个，其中公安系统 ${d.public_security.toLocaleString('en')} (${pct(d.public_security, d.total)}) (officials; police share)`,
    `县处级以下 ${d.grassroots.toLocaleString('en')} (${pct(d.grassroots, d.total)})，省部级 ${d.provincial_ministerial_leaders.toLocaleString('en')} (${pct(d.provincial_ministerial_leaders, d.total)}) (grass-roots; provincial-ministerial leaders)`,
    `机构微博最多的省份: ${topProvinces(r, 'institutional')} (most institutional accounts)`,
    `公职人员微博最多的省份: ${topProvinces(r, 'individual')} (most officials' accounts)`,
    `机构微博影响力前三: ${r.ranking.institutional
      .slice(0, 3)
      .map((a) => a.name)
      .join('、')} (top of the institutional ranking)`,
  );
  return lines;
}

/**
 * The census report of the demo's crawl: the 2012 census with the 2011 one
 * (the same crawl counted at the earlier cut-off) as its previous year, and
 * the crawl at further dates for the trend, in every format. Returns the headline lines to print.
 */
export async function writeDemoReports(req: DemoReportRequest): Promise<{ report: CensusReport; lines: string[] }> {
  const cutoff = parseCutoff(req.cutoff);
  const previousCutoff = parseCutoff(req.previousCutoff);
  if (!cutoff || !previousCutoff) throw new Error(`bad demo cut-offs ${req.cutoff} / ${req.previousCutoff}`);
  const earlier = (req.earlierCutoffs ?? []).map((date) => {
    const c = parseCutoff(date);
    if (!c) throw new Error(`bad demo cut-off ${date}`);
    return { cutoff: c, inputs: [req.input] };
  });
  const rejected: string[] = [];
  const report = await makeReport({ inputs: [req.input], cutoff, previous: [req.input], previousCutoff, earlier }, { err: (line) => rejected.push(line) });
  if (rejected.length) throw new Error(`the demo's own crawl had rejected lines: ${rejected.slice(0, 3).join('; ')}`);
  await mkdir(req.dir, { recursive: true });
  for (const format of ['json', 'md', 'html'] as const) {
    const out = await renderReport(report, format);
    if (out.kind === 'text') await writeFile(join(req.dir, `report.${format}`), out.text);
  }
  const csv = await renderReport(report, 'csv');
  const csvDir = join(req.dir, 'csv');
  await rm(csvDir, { recursive: true, force: true });
  await mkdir(csvDir, { recursive: true });
  if (csv.kind === 'tables') for (const t of csv.tables) await writeFile(join(csvDir, `${t.name}.csv`), t.csv);
  return { report, lines: headline(report) };
}
