import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CensusReport } from '../aggregate.js';
import { parseCutoff } from '../cutoff.js';
import { makeReport } from '../run-report.js';
import { csvField, renderCsvStream, renderCsvTables } from './csv.js';
import { findings } from './findings.js';
import { escapeHtml, renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './md.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-render-'));
const labels = (kind: string, level: string, province: string | null, rank: string | null = null, ps = false) => ({ government: true, kind, organ: 'government', public_security: ps, level, rank, province });
let n = 0;
const rec = (p: Record<string, unknown>) => JSON.stringify({ provider: 'weibo.example', id: String(++n), name: `账号${n}`, verified: true, created_at: '2011-01-01T00:00:00Z', labels: null, ...p });

/** 2012's published figures, scaled down 1000×: 177 accounts, 113 institutional (42 police), 64 individual (25 police, 42 grass-roots, 1 ministerial). */
async function census(): Promise<CensusReport> {
  const now: string[] = [];
  for (let i = 0; i < 113; i++) now.push(rec({ labels: labels('institutional', i < 50 ? 'county' : 'prefectural', i < 40 ? '37' : '32', null, i < 42), followers: i * 1000, posts: i }));
  for (let i = 0; i < 64; i++) now.push(rec({ labels: labels('individual', 'county', '11', i === 0 ? 'ministerial' : i < 22 ? 'bureau' : 'staff', i < 25), followers: i, posts: i }));
  now.push(rec({ provider: 't.qq.example', name: '<b>名|字</b>,"x"\n', labels: labels('institutional', 'county', '41'), followers: 10 ** 9, posts: 10 ** 6 }));
  now.push('{oops');
  const before: string[] = [];
  for (let i = 0; i < 51; i++) before.push(rec({ labels: labels(i < 32 ? 'institutional' : 'individual', 'county', '11', i < 32 ? null : 'staff') }));
  const write = (name: string, lines: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n'));
    return path;
  };
  return makeReport(
    { inputs: [write('now.jsonl', now)], cutoff: parseCutoff('2012-12-20')!, previous: [write('before.jsonl', before)], previousCutoff: parseCutoff('2011-12-10')! },
    { err: () => {} },
  );
}

describe('renderers', async () => {
  const r = await census();

  it('json: every key of CONTRACT §3, with 0 where none', () => {
    const j = JSON.parse(renderJson(r));
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['cutoff', 'total', 'previous', 'growth', 'institutional', 'individual', 'by_provider', 'by_province', 'rejected', 'ranking']));
    expect(Object.keys(j.institutional)).toEqual(['total', 'public_security', 'by_organ', 'by_level']);
    expect(Object.keys(j.individual)).toEqual(expect.arrayContaining(['total', 'public_security', 'grassroots', 'provincial_ministerial_leaders', 'by_organ', 'by_level', 'by_rank']));
    expect(j.individual.by_rank).toEqual({ ministerial: 1, bureau: 21, division: 0, section: 0, staff: 42 });
    expect(j.total).toBe(178);
    expect(j.previous).toEqual({ cutoff: '2011-12-10', total: 51, institutional: 32, individual: 19, public_security: 0 });
    expect(j.growth.ratio).toBe(3.49); // 178 / 51 = 3.4902
    expect(j.growth.increase).toBe(2.49);
    expect(j.rejected).toEqual({ lines: 1, examples: [{ input: join(dir, 'now.jsonl'), line: 179, error: expect.stringMatching(/^json: /) }] });
  });

  it('md: press-release sentences with shares as percentages, then tables; input text cannot break a table', () => {
    const md = renderMarkdown(r);
    const f = findings(r);
    expect(f[0]!.zh).toBe('截至2012年12月20日，经新浪微博、腾讯微博等2家微博服务商认证的政务微博总数达178个，较2011年12月10日的51个增长249.02%，净增127个。');
    expect(f[0]!.en).toBe(
      'As of 20 December 2012, there were 178 government microblog accounts verified by the 2 providers Sina Weibo, Tencent Weibo, up 249.02% from 51 on 10 December 2011 (127 more).',
    );
    expect(f[1]!.zh).toBe('其中，党政机构微博114个，占64.04%，较上次增长256.25%；党政官员微博64个，占35.96%，增长236.84%。');
    expect(f[2]!.zh).toContain('其中机构微博42个，占机构微博的36.84%；公安民警个人微博25个，占官员微博的39.06%。');
    expect(f[3]!.zh).toBe('官员微博中，县处级及以下（基层）官员42个，占65.63%；省部级领导1个，占1.56%。');
    expect(f[4]!.zh).toBe('机构微博中，地市级机构的微博最多，共63个，占55.26%。');
    expect(f[5]!.zh).toBe('机构微博数量居前的省份为江苏（73个）、山东（40个）、河南（1个）；官员微博数量居前的省份为北京（64个）。');
    expect(md).toContain(`- ${f[0]!.zh}`);
    // The provider stays its host, with its names beside it.
    expect(md).toContain('| weibo.example | 新浪微博 | Sina Weibo | 177 | 113 | 64 | 99.44% |');
    expect(md).toContain('&lt;b&gt;名\\|字&lt;/b&gt;,"x" |');
    expect(md).not.toContain('<b>');
  });

  it('csv: one table per breakdown, quoted as RFC 4180', () => {
    const tables = renderCsvTables(r);
    const organ = tables.find((t) => t.name === 'institutional_by_organ')!.csv.split('\r\n');
    expect(organ[0]).toBe('organ,zh,en,accounts,share_percent');
    expect(organ).toContain('government,政府,Government,114,100');
    expect(organ).toContain('court,法院,Courts,0,0');
    const ranking = tables.find((t) => t.name === 'ranking_institutional')!.csv;
    expect(ranking).toContain('1,"<b>名|字</b>,""x""\n",t.qq.example,');
    expect(renderCsvStream(r).startsWith('# summary\r\ncutoff,')).toBe(false);
    expect(renderCsvStream(r).startsWith('# summary\r\nmetric,zh,en,value\r\ncutoff,截止日期,Cut-off,2012-12-20\r\n')).toBe(true);
  });

  it('csv: text a spreadsheet would run as a formula is written inert; numbers are not touched', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+86 10')).toBe("'+86 10");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe('-5');
    expect(csvField('平安北京')).toBe('平安北京');
  });

  it('html: self-contained, escaped, with the charts and the method', async () => {
    const html = await renderHtml(r);
    // url(#…) is an SVG's reference to its own gradient, nothing fetched.
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)|src=/i);
    // Nine charts, each drawn wide and narrow.
    expect(html.match(/<svg/g)).toHaveLength(18);
    expect(html).toContain('&lt;b&gt;名|字&lt;/b&gt;');
    expect(html).toContain('综合指数 = 100 ×');
    expect(html).toContain('index = 100 × (0.5·reach');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderers: text from the inputs renders as the literal text', async () => {
  const evil = {
    name: '[点这里](javascript:alert(1))',
    handle: '**粗体**_斜_`代码`',
    verification: '![图](http://x.example/a.png) <https://evil.example> https://evil.example www.evil.example a@evil.example &lt;b&gt; \\[x]',
  };
  const path = join(dir, 'evil.jsonl');
  writeFileSync(path, [rec({ ...evil, provider: '[p](javascript:x)', labels: labels('institutional', 'county', '41'), followers: 10 }), rec({ labels: labels('institutional', 'county', '41') })].join('\n'));
  const r = await makeReport({ inputs: [path], cutoff: parseCutoff('2012-12-20')!, previous: [], previousCutoff: parseCutoff('2011-12-10')! }, { err: () => {} });

  it('md: Markdown metacharacters of names, handles, verification texts and providers are escaped', () => {
    expect(r.ranking.institutional[0]?.name).toBe(evil.name);
    const md = renderMarkdown(r);
    expect(md).toContain('\\[点这里\\]\\(javascript\\:alert\\(1\\)\\)');
    expect(md).toContain('\\*\\*粗体\\*\\*\\_斜\\_\\`代码\\`');
    expect(md).toContain('\\!\\[图\\]\\(http\\://x.example/a.png\\) &lt;https\\://evil.example&gt; https\\://evil.example www\\.evil.example a\\@evil.example \\&lt;b\\&gt; \\\\\\[x\\]');
    expect(md).toContain('\\[p\\]\\(javascript\\:x\\)');
    // Nothing of link, image or emphasis syntax is left live: every such character is escaped.
    const theirs = md.split('\n').filter((l) => /点这里|粗体|evil|javascript/.test(l));
    expect(theirs.length).toBeGreaterThanOrEqual(3);
    for (const line of theirs) expect(line.replace(/&[lg]t;/g, '').match(/(?<!\\)(?:\\\\)*[[\]()`*_!@&:]/g) ?? [], line).toEqual([]);
    expect(md).not.toMatch(/javascript:|https?:\/\/|www\./i);
  });

  it('html: the same texts are escaped, and no link is made of them', async () => {
    const html = await renderHtml(r);
    expect(html).toContain(evil.name);
    expect(html).toContain('**粗体**_斜_`代码`');
    expect(html).toContain('![图](http://x.example/a.png) &lt;https://evil.example&gt; https://evil.example www.evil.example a@evil.example &amp;lt;b&amp;gt;');
    // The only links are the contents' links to the page's own sections.
    expect(html).not.toMatch(/<a(?! href="#[\w-]+">)[\s>]|href="(?!#[\w-]+")|<img/i);
  });
});

describe('renderers: service quality and the trend', async () => {
  const path = join(dir, 'service.jsonl');
  writeFileSync(
    path,
    [
      rec({ created_at: '2010-01-01T00:00:00Z', labels: labels('institutional', 'county', '11'), service: { total: 1200, response_rate: 0.75, median_hours_to_first_response: 6, average_rating: 4, ratings: 300 } }),
      rec({ created_at: '2011-01-01T00:00:00Z', labels: { ...labels('institutional', 'county', '37'), organ: 'court' }, service: { total: 40, response_rate: 0.5, median_hours_to_first_response: 30, average_rating: null } }),
      rec({ created_at: '2012-01-01T00:00:00Z', labels: labels('individual', 'county', '11', 'staff') }),
    ].join('\n'),
  );
  const r = await makeReport(
    { inputs: [path], cutoff: parseCutoff('2012-12-20')!, previous: [path], previousCutoff: parseCutoff('2011-12-10')!, earlier: [{ cutoff: parseCutoff('2010-12-10')!, inputs: [path] }] },
    { err: () => {} },
  );
  // Without statistics or earlier dates: the census of the first describe's shape.
  const plain = await makeReport({ inputs: [join(dir, 'evil.jsonl')], cutoff: parseCutoff('2012-12-20')!, previous: [], previousCutoff: parseCutoff('2011-12-10')! }, { err: () => {} });

  it('json: service_quality and trend are top-level keys', () => {
    const j = JSON.parse(renderJson(r));
    expect(j.trend).toEqual([
      { cutoff: '2010-12-10', total: 1, institutional: 1, individual: 0 },
      { cutoff: '2011-12-10', total: 2, institutional: 2, individual: 0 },
      { cutoff: '2012-12-20', total: 3, institutional: 2, individual: 1 },
    ]);
    // hours: (6·900 + 30·20) / 920 = 6.52; rating: 4 (the court gives none).
    expect(j.service_quality.total).toEqual({ accounts: 2, requests: 1240, answered: 920, response_rate: 0.7419, hours_to_first_response: 6.52, average_rating: 4, ratings: 300 });
    expect(j.service_quality.by_organ.court).toMatchObject({ accounts: 1, requests: 40, answered: 20 });
    expect(j.service_quality.method.zh).toContain('加权');
    expect(JSON.parse(renderJson(plain)).service_quality.total.accounts).toBe(0);
  });

  it('md: a service section with its method and tables, a trend section, both in the contents', () => {
    const md = renderMarkdown(r);
    expect(md).toContain('- [服务质量 Service quality](#服务质量-service-quality)');
    expect(md).toContain('  - [服务质量：按省份 Service quality by province](#服务质量按省份-service-quality-by-province)');
    expect(md).toContain('- [历年趋势 Trend](#历年趋势-trend)');
    expect(md).toContain('## 服务质量 Service quality');
    expect(md).toContain('| 11 | 北京 | Beijing | 1 | 1,200 | 900 | 75.00% | 6 | 4 | 300 |');
    expect(md).toContain('| total | 合计 | All | 2 | 1,240 | 920 | 74.19% | 6.52 | 4 | 300 |');
    expect(md).toContain('| 2010-12-10 | 1 | 1 | 0 | — |');
    expect(md).toContain('| 2012-12-20 | 3 | 2 | 1 | 50.00% |');
    expect(findings(r).some((f) => f.zh.startsWith('2个政务微博账号公开了诉求统计，共收到群众诉求1,240件，回复920件，回复率74.19%'))).toBe(true);
    expect(findings(r).some((f) => f.en.startsWith('Trend: 1 on 10 December 2010, 2 on 10 December 2011, 3 on 20 December 2012.'))).toBe(true);
    // Without statistics the section says so, and without a second date there is no trend section.
    const none = renderMarkdown(plain);
    expect(none).toContain('计入统计的账号均无诉求统计。 No counted account carries service statistics.');
    expect(none).not.toContain('## 历年趋势');
    expect(none).not.toContain('### 服务质量：按省份');
  });

  it('csv: service tables and the trend table, with machine keys', () => {
    const tables = renderCsvTables(r);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['service_by_kind', 'service_by_organ', 'service_by_province', 'trend']));
    const province = tables.find((t) => t.name === 'service_by_province')!.csv.split('\r\n');
    expect(province[0]).toBe('province,zh,en,accounts,requests,answered,response_rate_percent,hours_to_first_response,average_rating,ratings');
    expect(province[1]).toBe('national,中央,National,0,0,0,,,,0');
    expect(province).toContain('37,山东,Shandong,1,40,20,50,30,,0');
    expect(tables.find((t) => t.name === 'trend')!.csv).toBe('cutoff,total,institutional,individual,increase_percent\r\n2010-12-10,1,1,0,\r\n2011-12-10,2,2,0,100\r\n2012-12-20,3,2,1,50\r\n');
    // Written even when empty, so that a script finds the same files every year.
    expect(renderCsvTables(plain).find((t) => t.name === 'service_by_kind')!.csv.split('\r\n')[3]).toBe('total,合计,All,0,0,0,,,,0');
  });

  it('html: the service section with its charts and tables, the trend with a line chart, all in the contents', async () => {
    const html = await renderHtml(r);
    // Every id once: the trend's section is not its table (trend, as the csv file).
    expect(new Set(html.match(/ id="[^"]+"/g)).size).toBe(html.match(/ id="[^"]+"/g)!.length);
    for (const id of ['service', 'chart-service-provinces', 'chart-service-organs', 'service_by_province', 'trend-section', 'trend', 'chart-trend']) {
      expect(html).toContain(`<a href="#${id}">`);
      expect(html).toContain(`id="${id}"`);
    }
    // Nine charts, two of the service quality and the trend's, each drawn wide and narrow.
    expect(html.match(/<svg/g)).toHaveLength(24);
    expect(html).toContain('首次回复时长（小时，中位数加权平均）');
    expect(html).toContain('<td class="num">74.19%</td>');
    const none = await renderHtml(plain);
    expect(none).toContain('计入统计的账号均无诉求统计。');
    expect(none).not.toContain('id="trend-section"');
    expect(none.match(/<svg/g)).toHaveLength(18);
  });
});
