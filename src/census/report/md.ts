/**
 * `--format md`: the findings as a press release would put them (Chinese,
 * then English), then every breakdown as a table.
 */
import type { CensusReport } from '../aggregate.js';
import { RANKING_METHOD } from '../ranking.js';
import { displayCell, isNumeric } from './format.js';
import { findings } from './findings.js';
import { NO_SERVICE, SERVICE_TITLE, TREND_TITLE } from './labels.js';
import { dateEn, dateZh } from './names.js';
import { hasService, reportTables, showsTrend, type Table } from './tables.js';

/**
 * Markdown's inline metacharacters (CommonMark and GitHub's extensions): links and images, emphasis,
 * code, strike-through, entities, the `:` and `@` that GitHub autolinks on, the `|` of a table cell.
 * `<` and `>` become entities, so that no HTML or `<autolink>` survives.
 */
const MD_META = /[\\`*_{}[\]()#+!|~:@&<>]/g;

/**
 * Text as it should read, whoever wrote it: an account's name such as `[点这里](javascript:…)` stays
 * those characters, never a link, emphasis or a broken table row. Applied to every text the report
 * prints, its own included, so that none is missed.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(MD_META, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/\b(www)\./gi, '$1\\.');
}

/**
 * The anchor GitHub (and GitLab, VS Code) gives a heading: its text in lower
 * case, punctuation dropped (full-width included), spaces made hyphens. The
 * table of contents links to these.
 */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

const tableHeading = (t: Table): string => `${t.title.zh} ${t.title.en}`;

function table(t: Table): string {
  const lines = [`### ${escapeMd(tableHeading(t))}`, ''];
  if (t.rows.length === 0) return [...lines, '无 None.', ''].join('\n');
  lines.push(`| ${t.columns.map((c) => `${escapeMd(c.zh)} ${escapeMd(c.en)}`).join(' | ')} |`);
  lines.push(`|${t.columns.map((c) => (isNumeric(c.type) ? '---:' : '---')).join('|')}|`);
  for (const row of t.rows) lines.push(`| ${row.map((v, i) => escapeMd(displayCell(v, t.columns[i]!.type))).join(' | ')} |`);
  lines.push('');
  return lines.join('\n');
}

const FINDINGS = '主要发现 Findings';
const DEFINITIONS = '统计口径 Definitions';
const TABLES = '数据表 Tables';
const SERVICE = `${SERVICE_TITLE.zh} ${SERVICE_TITLE.en}`;
const TREND = `${TREND_TITLE.zh} ${TREND_TITLE.en}`;

export function renderMarkdown(r: CensusReport): string {
  const all = reportTables(r);
  const tables = all.filter((t) => !t.section);
  const service = hasService(r) ? all.filter((t) => t.section === 'service') : [];
  const trend = showsTrend(r) ? all.filter((t) => t.section === 'trend') : [];
  const link = (text: string): string => `[${escapeMd(text)}](#${headingSlug(text)})`;
  const out = [
    `# 政务微博统计报告 Government Microblog Census`,
    '',
    `截至${dateZh(r.cutoff)} · As of ${dateEn(r.cutoff)}`,
    '',
    '**目录 Contents**',
    '',
    `- ${link(FINDINGS)}`,
    `- ${link(DEFINITIONS)}`,
    `- ${link(SERVICE)}`,
    ...service.map((t) => `  - ${link(tableHeading(t))}`),
    ...(trend.length ? [`- ${link(TREND)}`, ...trend.map((t) => `  - ${link(tableHeading(t))}`)] : []),
    `- ${link(TABLES)}`,
    ...tables.map((t) => `  - ${link(tableHeading(t))}`),
    '',
    `## ${FINDINGS}`,
    '',
  ];
  for (const f of findings(r)) out.push(`- ${escapeMd(f.zh)}`, `  ${escapeMd(f.en)}`);
  out.push(
    '',
    `## ${DEFINITIONS}`,
    '',
    `- 计入截止日的账号：政务、已认证、截止日（UTC）当日结束前开通且未关闭。 Counted: government, verified, opened by the end of the cut-off day (UTC) and not closed by then.`,
    `- 基层官员：县处级、乡科级及以下。 Grass-roots: officials at division rank, section rank or staff.`,
    `- 同一服务商的同一账号ID多次出现时，以最后一次为准。 The same (provider, id) seen more than once is one account; the last occurrence wins.`,
    `- ${escapeMd(RANKING_METHOD.zh)}`,
    `  ${escapeMd(RANKING_METHOD.en)}`,
    '',
    `## ${SERVICE}`,
    '',
    escapeMd(r.service_quality.method.zh),
    '',
    escapeMd(r.service_quality.method.en),
    '',
  );
  if (service.length === 0) out.push(`${escapeMd(NO_SERVICE.zh)} ${escapeMd(NO_SERVICE.en)}`, '');
  for (const t of service) out.push(table(t));
  if (trend.length) {
    out.push(`## ${TREND}`, '');
    for (const t of trend) out.push(table(t));
  }
  out.push(`## ${TABLES}`, '');
  for (const t of tables) out.push(table(t));
  return out.join('\n');
}
