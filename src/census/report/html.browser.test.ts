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
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCutoff } from '../cutoff.js';
import { makeReport } from '../run-report.js';
import { generatePopulation } from '../testing/population.js';
import { renderHtml } from './html.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('test-artifacts');

const CHART_IDS = [
  'chart-totals',
  'chart-kinds',
  'chart-organs',
  'chart-levels',
  'chart-ranks',
  'chart-providers',
  'chart-provinces',
  'chart-map',
  'chart-police',
  // The service quality's section, then the trend's.
  'chart-service-provinces',
  'chart-service-organs',
  'chart-trend',
];

/** Each figure's drawings: how many, how many shown, whether the narrow one is, and the shown one's box. */
async function visibleCharts(page: Page) {
  return (await page.evaluate(`[...document.querySelectorAll('figure')].map((f) => {
    const shown = [...f.querySelectorAll('.chart')].filter((c) => getComputedStyle(c).display !== 'none');
    const svg = shown[0]?.querySelector('svg');
    const box = svg?.getBoundingClientRect();
    return {
      id: f.id,
      svgs: f.querySelectorAll('svg').length,
      shown: shown.length,
      narrowShown: shown[0]?.classList.contains('narrow') ?? false,
      shapes: svg ? svg.querySelectorAll('path, rect').length : 0,
      texts: svg ? svg.querySelectorAll('text').length : 0,
      width: box?.width ?? 0,
      right: box?.right ?? 0,
    };
  })`)) as { id: string; svgs: number; shown: number; narrowShown: boolean; shapes: number; texts: number; width: number; right: number }[];
}

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
  // The current inputs counted again at an earlier date: a third point of the trend.
  const report = await makeReport(
    { inputs: now, cutoff: parseCutoff('2012-12-20')!, previous: [before], previousCutoff: parseCutoff('2011-12-10')!, earlier: [{ cutoff: parseCutoff('2010-12-10')!, inputs: now }] },
    { err: () => {} },
  );
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

    // Charts: two drawings per figure (wide and narrow), the wide one shown, with drawn shapes and text.
    const charts = await visibleCharts(page);
    expect(charts.map((c) => c.id)).toEqual(CHART_IDS);
    for (const c of charts) {
      expect(c.svgs, c.id).toBe(2);
      expect(c.shown, c.id).toBe(1);
      expect(c.shapes, c.id).toBeGreaterThan(3);
      expect(c.texts, c.id).toBeGreaterThan(1);
      expect(c.width, c.id).toBeGreaterThan(300);
    }
    // Every count with its separators, the providers by name, a contents list that leads to each section.
    expect(await page.locator('.headline b').first().textContent()).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(await page.locator('#by_provider tbody').textContent()).toContain('新浪微博');
    const links = (await page.evaluate(`[...document.querySelectorAll('nav.toc a')].map((a) => a.getAttribute('href'))`)) as string[];
    expect(links).toEqual(expect.arrayContaining(['#findings', '#charts', '#chart-map', '#service', '#chart-service-provinces', '#service_by_province', '#trend-section', '#trend', '#chart-trend', '#tables', '#summary', '#by_province']));
    for (const href of links) expect(await page.locator(href).count(), href).toBe(1);
    // The map: a region per province, shaded, named.
    expect(await page.evaluate(`document.querySelectorAll('#chart-map .chart.wide svg path').length`)).toBeGreaterThan(34);
    expect(await page.evaluate(`[...document.querySelectorAll('#chart-map .chart.wide svg text')].some((t) => t.textContent === '江苏')`)).toBe(true);

    // The bars of the organ chart: 9 organs × 2 kinds, less the empty ones.
    expect(await page.evaluate(`document.querySelectorAll('#chart-organs .chart.wide svg path[ecmeta_ssr_type="chart"]').length`)).toBeGreaterThanOrEqual(9);

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
    for (const selector of ['h1', '#findings li p', '#chart-organs .chart.wide svg text:last-of-type', '#ranking_institutional td:nth-child(2)']) {
      const fonts = await fontsOf(selector);
      const cjk = fonts.filter((f) => /CJK|Han Sans|Source Han/i.test(f.familyName));
      expect(cjk.length, `${selector}: ${JSON.stringify(fonts)}`).toBeGreaterThan(0);
      expect(cjk.reduce((s, f) => s + f.glyphCount, 0)).toBeGreaterThan(0);
    }
    // An SVG text that holds Chinese: some chart label.
    const labelled = (await page.evaluate(`[...document.querySelectorAll('#chart-organs .chart.wide svg text')].findIndex((t) => /[\\u4e00-\\u9fff]/.test(t.textContent))`)) as number;
    expect(labelled).toBeGreaterThanOrEqual(0);
    const svgFonts = await fontsOf(`#chart-organs .chart.wide svg text:nth-of-type(${labelled + 1})`);
    expect(svgFonts.some((f) => /CJK/i.test(f.familyName) && f.glyphCount > 0), JSON.stringify(svgFonts)).toBe(true);

    await page.screenshot({ path: join(ARTIFACTS, 'census-report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'census-report.png'))).toBe(true);
    await page.close();
  }, 120_000);

  it('fits a 390 px phone: the narrow drawings shown, within the screen; tables scroll inside their box, the page never sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    const charts = await visibleCharts(page);
    expect(charts.map((c) => c.id)).toEqual(CHART_IDS);
    for (const c of charts) {
      expect(c.shown, c.id).toBe(1);
      expect(c.narrowShown, c.id).toBe(true);
      expect(c.right, c.id).toBeLessThanOrEqual(390);
      expect(c.width, c.id).toBeGreaterThan(300);
    }
    // The widest table, the ranking, is wider than the phone and scrolls within its own box.
    const ranking = (await page.evaluate(`(() => { const box = document.querySelector('#ranking_institutional .scroll'); const r = box.getBoundingClientRect();
      return { right: r.right, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, overflow: getComputedStyle(box).overflowX }; })()`)) as { right: number; scrollWidth: number; clientWidth: number; overflow: string };
    expect(ranking.right).toBeLessThanOrEqual(390);
    expect(ranking.scrollWidth).toBeGreaterThan(ranking.clientWidth);
    expect(ranking.overflow).toBe('auto');
    await page.screenshot({ path: join(ARTIFACTS, 'census-report-phone.png'), fullPage: true });
    await context.close();
  }, 120_000);
});
