/**
 * A researcher's path: one crawl, the report in every format, and the key
 * figures read back from each as a reader of that format would (JSON keys, CSV
 * rows, Markdown table rows, the HTML page's DOM in Chromium, the PDF's text),
 * and the provider's dashboard showing the JSON, all identical. The PDF is printed by Chromium as `--format pdf` prints it, so
 * this fails without /usr/bin/chromium, as the other browser tests do.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CensusReport } from '../aggregate.js';
import { parseCutoff } from '../cutoff.js';
import { main } from '../../cli/main.js';
import { makeReport, renderReport, type Rendered } from '../run-report.js';
import { generatePopulation } from '../testing/population.js';
import { providerName } from './names.js';
import { CHROMIUM_ARGS, locateChromium } from './pdf.js';
import { ensureBuilt } from '../../../test/browser.js';
import { listeningServer } from '../../../test/http.js';

const ARTIFACTS = resolve('test-artifacts');

/** The figures a story or a paper quotes. */
interface KeyFigures {
  total: number;
  institutional: number;
  individual: number;
  /** Police accounts as a percentage of all, two decimals. */
  police_percent: number;
  by_provider: Record<string, { total: number; institutional: number; individual: number }>;
}

const number = (s: string): number => Number(s.replace(/,/g, ''));
const text = (r: Rendered): string => {
  if (r.kind !== 'text') throw new Error(`expected a text document, got ${r.kind}`);
  return r.text;
};

/** Rows of summary (metric -> value) and of by_provider (host -> counts), from cells as each format lays them out. */
function figuresFrom(summary: Map<string, string>, providers: string[][]): KeyFigures {
  const get = (metric: string): number => {
    const v = summary.get(metric);
    if (v === undefined) throw new Error(`no ${metric} in the summary`);
    return number(v);
  };
  return {
    total: get('total'),
    institutional: get('institutional'),
    individual: get('individual'),
    police_percent: get('public_security_percent'),
    // provider, zh, en, total, institutional, individual, share
    by_provider: Object.fromEntries(providers.map((c) => [c[0]!, { total: number(c[3]!), institutional: number(c[4]!), individual: number(c[5]!) }])),
  };
}

let report: CensusReport;
let inputs: string[];
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  inputs = generatePopulation({ seed: 1912, accounts: 4000, inputs: 2 }).inputs.map((lines, i) => {
    const path = join(ARTIFACTS, `researcher-crawl-${i}.jsonl`);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  });
  report = await makeReport({ inputs, cutoff: parseCutoff('2012-12-20')!, previous: [], previousCutoff: parseCutoff('2011-12-20')! }, { err: () => {} });
  browser = await chromium.launch({ executablePath: locateChromium(), args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("a researcher's path: one crawl, every format, the same figures", () => {
  it('json, csv, md, html and pdf agree on the totals, organs, officials, providers and the police share', async () => {
    const truth: KeyFigures = {
      total: report.total,
      institutional: report.institutional.total,
      individual: report.individual.total,
      police_percent: Math.round((report.public_security / report.total) * 10000) / 100,
      by_provider: report.by_provider,
    };
    expect(truth.total).toBeGreaterThan(1000);
    expect(truth.total).toBe(truth.institutional + truth.individual);
    expect(Object.keys(truth.by_provider).length).toBeGreaterThan(1);

    // json: the keys of CONTRACT §3, and the provider names beside the hosts.
    const json = JSON.parse(text(await renderReport(report, 'json'))) as CensusReport;
    expect({ total: json.total, institutional: json.institutional.total, individual: json.individual.total, police_percent: Math.round((json.public_security / json.total) * 10000) / 100, by_provider: json.by_provider }).toEqual(truth);
    expect(json.provider_names['weibo.example']).toEqual({ zh: '新浪微博', en: 'Sina Weibo' });

    // csv: summary.csv and by_provider.csv as a spreadsheet reads them.
    const csv = await renderReport(report, 'csv');
    if (csv.kind !== 'tables') throw new Error('csv: expected tables');
    const rows = (name: string): string[][] =>
      csv.tables
        .find((t) => t.name === name)!
        .csv.split('\r\n')
        .filter(Boolean)
        .slice(1)
        .map((l) => l.split(','));
    const csvFigures = figuresFrom(new Map(rows('summary').map((c) => [c[0]!, c[3]!])), rows('by_provider'));
    expect(csvFigures).toEqual(truth);

    // md: the rows of the summary and provider tables, separators in every count.
    const md = text(await renderReport(report, 'md'));
    const mdSection = (heading: string): string[][] => {
      const body = md.split(`### ${heading}\n`)[1]!.split('\n###')[0]!;
      return body
        .split('\n')
        .filter((l) => l.startsWith('| ') && !l.startsWith('| 指标') && !l.startsWith('| 服务商'))
        .map((l) => l.slice(2, -2).split(' | ').map((c) => c.replace(/\\(.)/g, '$1')));
    };
    const mdFigures = figuresFrom(new Map(mdSection('总体数据 Summary').map((c) => [c[0]!, c[3]!])), mdSection('按服务商 By provider'));
    expect(mdFigures).toEqual(truth);
    expect(md).toContain(`| total | 政务微博总数 | Government accounts | ${truth.total.toLocaleString('en-US')} |`);
    expect(md).toMatch(/\| weibo\.example \| 新浪微博 \| Sina Weibo \| \d{1,3}(,\d{3})* \|/);

    // html: the tables as Chromium lays the page out.
    const html = text(await renderReport(report, 'html'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.setContent(html, { waitUntil: 'load' });
    const cells = async (id: string): Promise<string[][]> =>
      (await page.evaluate(`[...document.querySelectorAll('#${id} tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent.trim()))`)) as string[][];
    const htmlFigures = figuresFrom(new Map((await cells('summary')).map((c) => [c[0]!, c[3]!])), await cells('by_provider'));
    expect(htmlFigures).toEqual(truth);
    expect(await page.locator('.headline b').first().textContent()).toBe(truth.total.toLocaleString('en-US'));

    // The service quality's totals: accounts, requests, answered, response rate (%), the same in every format.
    const q = json.service_quality.total;
    expect(q.accounts).toBeGreaterThan(0);
    const service = [q.accounts, q.requests, q.answered, Math.round(q.response_rate! * 10000) / 100];
    const serviceOf = (row: string[] | undefined): number[] => row!.slice(3, 7).map((c) => number(c.replace('%', '')));
    expect(serviceOf(rows('service_by_kind').find((c) => c[0] === 'total'))).toEqual(service);
    expect(serviceOf(mdSection('服务质量：机构与个人 Service quality\\: institutional and officials').find((c) => c[0] === 'total'))).toEqual(service);
    expect(serviceOf((await cells('service_by_kind')).find((c) => c[0] === 'total'))).toEqual(service);
    await page.close();

    // pdf: a PDF with pages, whose text carries the same table rows.
    const pdf = await renderReport(report, 'pdf');
    if (pdf.kind !== 'bytes') throw new Error('pdf: expected bytes');
    writeFileSync(join(ARTIFACTS, 'researcher-report.pdf'), pdf.bytes);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await getDocumentProxy(new Uint8Array(pdf.bytes));
    const { totalPages, text: printed } = await extractText(doc, { mergePages: true });
    expect(totalPages).toBeGreaterThan(1);
    const flat = printed.replace(/\s+/g, ' ');
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A summary row prints as: metric, Chinese name, English name, value. Chromium's fonts map some CJK
    // characters to compatibility forms in the text layer (人 as ⼈), so the Chinese cell is matched loosely.
    const summaryRow = (metric: string, en: string): [string, string] => {
      const m = new RegExp(`(?:^| )${metric} \\S+ ${escape(en)} (\\S+)`).exec(flat);
      expect(m, metric).not.toBeNull();
      return [metric, m![1]!];
    };
    const pdfSummary = new Map([
      summaryRow('total', 'Government accounts'),
      summaryRow('institutional', 'Institutional accounts'),
      summaryRow('individual', "Officials' accounts"),
      summaryRow('public_security_percent', 'Police share (%)'),
    ]);
    // A provider row: host, Chinese name, English name (the host again for one without), total, institutional, officials, share.
    const pdfProviders = Object.keys(truth.by_provider).map((host) => {
      const en = providerName(host)?.en ?? host;
      const row = new RegExp(`(?:^| )${escape(host)} \\S+ ${escape(en)} (\\d[\\d,]*) (\\d[\\d,]*) (\\d[\\d,]*) [\\d.]+%`).exec(flat);
      expect(row, host).not.toBeNull();
      return [host, '', '', row![1]!, row![2]!, row![3]!];
    });
    expect(figuresFrom(pdfSummary, pdfProviders)).toEqual(truth);

    // The provider's dashboard, showing the JSON the command wrote: the same figures, providers by the same names.
    const reportPath = join(ARTIFACTS, 'researcher-report.json');
    writeFileSync(reportPath, text(await renderReport(report, 'json')));
    await ensureBuilt();
    const server = await listeningServer('sqlite', { reportPath });
    try {
      const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await dash.goto(`${server.url}/web/census`);
      await dash.getByTestId('census-total').waitFor();
      const shown = async (id: string) => number((await dash.getByTestId(id).textContent()) ?? '');
      const police = async (id: string) => number(/[\d,]+/.exec((await dash.getByTestId(id).textContent()) ?? '')?.[0] ?? '');
      const providerRows = (await dash.evaluate(
        `[...document.querySelectorAll('[data-testid="table-providers"] tbody tr')].map((tr) => [tr.dataset.key, ...[...tr.cells].map((td) => td.textContent.trim())])`,
      )) as string[][];
      const dashboard: KeyFigures = {
        total: await shown('census-total'),
        institutional: await shown('census-institutional'),
        individual: await shown('census-individual'),
        police_percent: Math.round((((await police('census-institutional-police')) + (await police('census-individual-police'))) / (await shown('census-total'))) * 10000) / 100,
        by_provider: Object.fromEntries(providerRows.map((c) => [c[0]!, { total: number(c[2]!), institutional: number(c[3]!), individual: number(c[4]!) }])),
      };
      expect(dashboard).toEqual(truth);
      // The names the report gives the providers, in the dashboard's table too.
      expect(providerRows.find((c) => c[0] === 'weibo.example')?.[1]).toBe('新浪微博');
      await dash.close();
    } finally {
      await server.close();
    }
  }, 180_000);

  it('govblog census report --format pdf --out FILE writes the PDF', async () => {
    const out = join(ARTIFACTS, 'researcher-cli.pdf');
    rmSync(out, { force: true });
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await main(['census', 'report', '--input', inputs[0]!, '--input', inputs[1]!, '--cutoff', '2012-12-20', '--format', 'pdf', '--out', out], io)).toBe(0);
    expect(lines.filter((l) => !/^.*:\d+: /.test(l))).toEqual([]);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await getDocumentProxy(new Uint8Array(bytes))).numPages).toBeGreaterThan(1);
  }, 180_000);
});
