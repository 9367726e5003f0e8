/**
 * `--format html`: one self-contained page (inline CSS, charts as inline SVG,
 * no script, no external font or file), zh-CN with English alongside. It
 * fits a phone: each chart has a narrow drawing shown below 600 px, every
 * drawing scales to its box, and tables scroll sideways inside their own box.
 * `--format pdf` prints this page (pdf.ts). Every
 * text from the inputs is escaped here; ECharts escapes the text it puts in
 * the SVG.
 */
import type { CensusReport } from '../aggregate.js';
import { RANKING_METHOD } from '../ranking.js';
import { renderCharts, type Chart } from './charts.js';
import { findings } from './findings.js';
import { displayCell, isNumeric } from './format.js';
import { count, dateEn, dateZh, type Bilingual } from './names.js';
import { NO_SERVICE, SERVICE_TITLE, TREND_TITLE } from './labels.js';
import { hasService, reportTables, showsTrend, type Table } from './tables.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const bi = (b: Bilingual, tag = 'span'): string => `${escapeHtml(b.zh)} <${tag} class="en" lang="en">${escapeHtml(b.en)}</${tag}>`;

function table(t: Table): string {
  const head = t.columns.map((c) => `<th${isNumeric(c.type) ? ' class="num"' : ''}>${bi(c)}</th>`).join('');
  const body = t.rows.length
    ? t.rows
        .map((row) => `<tr>${row.map((v, i) => `<td${isNumeric(t.columns[i]!.type) ? ' class="num"' : ''}>${escapeHtml(displayCell(v, t.columns[i]!.type))}</td>`).join('')}</tr>`)
        .join('\n')
    : `<tr><td colspan="${t.columns.length}">无 <span class="en" lang="en">None</span></td></tr>`;
  return `<section class="table" id="${escapeHtml(t.id)}"><h3>${bi(t.title)}</h3><div class="scroll" role="region" aria-label="${escapeHtml(t.title.zh)}" tabindex="0"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div></section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f5f2; color: #1d1d1f; font: 15px/1.6 "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 24px; overflow-wrap: anywhere; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 32px 0 12px; border-bottom: 2px solid #c23531; padding-bottom: 4px; }
h3 { font-size: 17px; margin: 20px 0 8px; }
.en { color: #555; font-weight: normal; }
.sub { color: #555; margin: 0 0 16px; }
.headline { display: flex; gap: 16px; flex-wrap: wrap; margin: 16px 0; }
.headline div { background: #fff; border-radius: 6px; padding: 12px 18px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.headline b { display: block; font-size: 26px; }
ul.findings { padding-left: 20px; }
ul.findings li { margin-bottom: 10px; }
ul.findings p { margin: 0; }
nav.toc { background: #fff; border-radius: 6px; padding: 8px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
nav.toc h2 { font-size: 17px; margin: 8px 0; border: 0; padding: 0; }
nav.toc ol { margin: 0; padding-left: 22px; }
nav.toc ol ol { padding-left: 18px; font-size: 14px; }
nav.toc a { color: #1f4e9c; }
figure { background: #fff; margin: 0 0 20px; padding: 12px; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
figcaption { font-weight: bold; margin-bottom: 6px; }
figure .source { color: #555; font-size: 12px; margin: 4px 0 0; }
.chart svg { display: block; width: 100%; height: auto; }
.chart.narrow { display: none; }
.chart.wide svg { max-width: var(--chart-width); margin: 0 auto; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; background: #fff; font-size: 13px; overflow-wrap: normal; }
@media (max-width: 600px) {
  main { padding: 12px; }
  h1 { font-size: 22px; }
  figure { padding: 6px; }
  .chart.wide { display: none; }
  .chart.narrow { display: block; }
  .headline b { font-size: 22px; }
}
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  figure, .headline div, nav.toc { box-shadow: none; border: 1px solid #ddd; }
  figure, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
  /* Paper cannot scroll: the widest table (the ranking) wraps its cells to fit the page. */
  table { font-size: 8px; width: 100%; }
  th, td { padding: 2px 3px; overflow-wrap: anywhere; }
}
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #efeee9; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.method { background: #fff; padding: 8px 12px; border-left: 3px solid #c23531; }
`;

/** The width a wide drawing is laid out for, so that it never grows past it on a large screen. */
const svgWidth = (svg: string): number => Number(/^<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1] ?? 0);

function figure(c: Chart): string {
  const source = c.source ? `<p class="source">${bi(c.source)}</p>` : '';
  return (
    `<figure id="${escapeHtml(c.id)}"><figcaption>${bi(c.title)}</figcaption>` +
    `<div class="chart wide" style="--chart-width: ${svgWidth(c.svg)}px">${c.svg}</div><div class="chart narrow">${c.narrow}</div>${source}</figure>`
  );
}

/** The parts of the page: the general charts and tables, and those of the service quality and of the trend. */
interface Parts {
  charts: Chart[];
  tables: Table[];
  service: (Chart | Table)[];
  trend: (Chart | Table)[] | null;
}

/** Links to every section, chart and table, at the top of the page. */
function toc({ charts, tables, service, trend }: Parts): string {
  const item = (id: string, b: Bilingual, children = ''): string => `<li><a href="#${escapeHtml(id)}">${bi(b)}</a>${children}</li>`;
  const list = (items: string[]): string => `<ol>${items.join('')}</ol>`;
  return `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">目录 <span class="en" lang="en">Contents</span></h2>${list([
    item('findings', { zh: '主要发现', en: 'Findings' }),
    item('charts', { zh: '图表', en: 'Charts' }, list(charts.map((c) => item(c.id, c.title)))),
    item('ranking-method', { zh: '综合指数', en: 'Composite index' }),
    item('service', SERVICE_TITLE, service.length ? list(service.map((x) => item(x.id, x.title))) : ''),
    ...(trend ? [item('trend-section', TREND_TITLE, list(trend.map((x) => item(x.id, x.title))))] : []),
    item('tables', { zh: '数据表', en: 'Tables' }, list(tables.map((t) => item(t.id, t.title)))),
  ])}</nav>`;
}

/** The page, with its charts. */
export async function renderHtml(r: CensusReport): Promise<string> {
  const allCharts = await renderCharts(r);
  const f = findings(r);
  const allTables = reportTables(r);
  const charts = allCharts.filter((c) => !c.section);
  const tables = allTables.filter((t) => !t.section);
  const of = (section: 'service' | 'trend'): (Chart | Table)[] => [...allCharts.filter((c) => c.section === section), ...allTables.filter((t) => t.section === section)];
  const parts: Parts = { charts, tables, service: hasService(r) ? of('service') : [], trend: showsTrend(r) ? of('trend') : null };
  const render = (x: Chart | Table): string => ('svg' in x ? figure(x) : table(x));
  const q = r.service_quality;
  const headline = [
    [{ zh: '政务微博总数', en: 'Government accounts' }, r.total],
    [{ zh: '机构微博', en: 'Institutional' }, r.institutional.total],
    [{ zh: '公职人员微博', en: 'Officials' }, r.individual.total],
    ...(r.previous ? [[{ zh: `上次（${r.previous.cutoff}）`, en: 'Previous census' }, r.previous.total] as const] : []),
  ] as const;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>政务微博统计报告 ${escapeHtml(r.cutoff)} · Government Microblog Census</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>政务微博统计报告 <span class="en" lang="en">Government Microblog Census</span></h1>
<p class="sub">截至${escapeHtml(dateZh(r.cutoff))} · <span lang="en">As of ${escapeHtml(dateEn(r.cutoff))}</span></p>
${toc(parts)}
<div class="headline">${headline.map(([label, n]) => `<div>${bi(label)}<b>${escapeHtml(count(n))}</b></div>`).join('')}</div>
<section id="findings"><h2>主要发现 <span class="en" lang="en">Findings</span></h2>
<ul class="findings">
${f.map((s) => `<li><p>${escapeHtml(s.zh)}</p><p class="en" lang="en">${escapeHtml(s.en)}</p></li>`).join('\n')}
</ul></section>
<section id="charts"><h2>图表 <span class="en" lang="en">Charts</span></h2>
${charts.map(figure).join('\n')}
</section>
<section id="ranking-method"><h2>综合指数 <span class="en" lang="en">Composite index</span></h2>
<p class="method">${escapeHtml(RANKING_METHOD.zh)}<br><span class="en" lang="en">${escapeHtml(RANKING_METHOD.en)}</span></p></section>
<section id="service"><h2>${bi(SERVICE_TITLE)}</h2>
<p class="method">${escapeHtml(q.method.zh)}<br><span class="en" lang="en">${escapeHtml(q.method.en)}</span></p>
${parts.service.length ? parts.service.map(render).join('\n') : `<p>${bi(NO_SERVICE)}</p>`}
</section>
${parts.trend ? `<section id="trend-section"><h2>${bi(TREND_TITLE)}</h2>\n${parts.trend.map(render).join('\n')}\n</section>\n` : ''}<section id="tables"><h2>数据表 <span class="en" lang="en">Tables</span></h2>
${tables.map(table).join('\n')}
</section>
</main>
</body>
</html>
`;
}
