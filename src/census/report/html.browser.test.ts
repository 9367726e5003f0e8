/**
 * The HTML report in a real browser (Debian's chromium through
 * playwright-core): the charts are there, the Chinese text is drawn with a CJK
 * font (fonts-noto-cjk) rather than boxes, and a screenshot is kept in
 * test-artifacts/ for a person to look at. Without chromium this fails: CI
 * installs it, and a skipped browser test would hide a broken report.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCutoff } from '../cutoff.js';
import { makeReport } from '../run-report.js';
import { generatePopulation } from '../testing/population.js';
import { renderHtml } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts');

let browser: Browser;
let file: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium fonts-noto-cjk) to run the browser test`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const write = (name: string, lines: string[]): string => {
    const path = join(ARTIFACTS, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const now = generatePopulation({ seed: 2012, accounts: 6000, inputs: 2 }).inputs.map((lines, i) => write(`census-input-${i}.jsonl`, lines));
  const before = write('census-previous.jsonl', generatePopulation({ seed: 2011, accounts: 2000, inputs: 1, cutoff: '2011-12-10' }).inputs[0]!);
  const report = await makeReport({ inputs: now, cutoff: parseCutoff('2012-12-20')!, previous: [before], previousCutoff: parseCutoff('2011-12-10')! }, { err: () => {} });
  // A name that would run as markup if the page did not escape it.
  report.ranking.institutional[0]!.name = '<img src=x onerror="document.title=1">平安<b>测试</b>';
  file = join(ARTIFACTS, 'census-report.html');
  writeFileSync(file, await renderHtml(report));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in headless Chromium', () => {
  it('shows every chart as SVG, draws Chinese with a CJK font, escapes input text, and is kept as a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);

    // Charts: one SVG per figure, each with drawn shapes and text.
    const charts = (await page.evaluate(`[...document.querySelectorAll('figure')].map((f) => ({
      id: f.id,
      svgs: f.querySelectorAll('svg').length,
      shapes: f.querySelectorAll('svg path, svg rect').length,
      texts: f.querySelectorAll('svg text').length,
      width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
    }))`)) as { id: string; svgs: number; shapes: number; texts: number; width: number }[];
    expect(charts.map((c) => c.id)).toEqual(['chart-totals', 'chart-kinds', 'chart-organs', 'chart-levels', 'chart-ranks', 'chart-providers', 'chart-provinces', 'chart-police']);
    for (const c of charts) {
      expect(c.svgs, c.id).toBe(1);
      expect(c.shapes, c.id).toBeGreaterThan(3);
      expect(c.texts, c.id).toBeGreaterThan(1);
      expect(c.width, c.id).toBeGreaterThan(300);
    }
    // The bars of the organ chart: 9 organs × 2 kinds, less the empty ones.
    expect(await page.evaluate(`document.querySelectorAll('#chart-organs svg path[ecmeta_ssr_type="chart"]').length`)).toBeGreaterThanOrEqual(9);

    // Self-contained: nothing fetched, no script.
    expect(requests).toEqual([]);
    expect(await page.evaluate(`document.querySelectorAll('script').length`)).toBe(0);
    // Escaped: the name shows as text, no element was made of it.
    expect(await page.evaluate(`document.querySelectorAll('main img, td b').length`)).toBe(0);
    expect(await page.evaluate(`document.body.innerText.includes('<img src=x onerror="document.title=1">平安<b>测试</b>')`)).toBe(true);
    expect(await page.title()).toContain('政务微博统计报告');

    // Chinese is drawn with a CJK font: ask Chromium which platform fonts laid out the text.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const fontsOf = async (selector: string): Promise<{ familyName: string; glyphCount: number }[]> => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      expect(nodeId, selector).toBeGreaterThan(0);
      return (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
    };
    for (const selector of ['h1', '#findings li p', '#chart-organs svg text:last-of-type', '#ranking_institutional td:nth-child(2)']) {
      const fonts = await fontsOf(selector);
      const cjk = fonts.filter((f) => /CJK|Han Sans|Source Han/i.test(f.familyName));
      expect(cjk.length, `${selector}: ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
      expect(cjk.reduce((s, f) => s + f.glyphCount, 0)).toBeGreaterThan(0);
    }
    // An SVG text that holds Chinese: some chart label.
    const labelled = (await page.evaluate(`[...document.querySelectorAll('#chart-organs svg text')].findIndex((t) => /[\\u4e00-\\u9fff]/.test(t.textContent))`)) as number;
    expect(labelled).toBeGreaterThanOrEqual(0);
    const svgFonts = await fontsOf(`#chart-organs svg text:nth-of-type(${labelled + 1})`);
    expect(svgFonts.some((f) => /CJK/i.test(f.familyName) && f.glyphCount > 0), JSON.stringify(svgFonts)).toBe(true);

    await page.screenshot({ path: join(ARTIFACTS, 'census-report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'census-report.png'))).toBe(true);
    await page.close();
  }, 120_000);
});
