/**
 * `--format pdf`: the HTML report printed by Chromium (playwright-core driving
 * the system's browser, as the browser tests do). The charts are inline SVG
 * drawn on the server, so the page is complete once it has loaded; printing
 * still waits for every chart's drawing and for the fonts, so that no chart
 * or Chinese text is printed half-laid-out.
 */
import { existsSync } from 'node:fs';

/** No Chromium to print with: the run fails (exit 1) with this one line. */
export class NoChromiumError extends Error {}

/** Where a Chromium is looked for, after GOVBLOG_CHROMIUM: Debian's and other distributions' paths. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'] as const;

/** The flags the browser tests launch Chromium with: headless, no sandbox (containers, root), nothing fetched. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium to print with: GOVBLOG_CHROMIUM when set (it must exist), else the first of CHROMIUM_PATHS that does. */
export function locateChromium(env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  const configured = env.GOVBLOG_CHROMIUM?.trim();
  if (configured) {
    if (!exists(configured)) throw new NoChromiumError(`--format pdf: GOVBLOG_CHROMIUM=${configured} does not exist`);
    return configured;
  }
  const found = CHROMIUM_PATHS.find((p) => exists(p));
  if (!found) throw new NoChromiumError(`--format pdf: no Chromium found (looked in ${CHROMIUM_PATHS.join(', ')}); install chromium or set GOVBLOG_CHROMIUM to its path`);
  return found;
}

/** How long the page may take to load and lay out its charts before printing gives up. */
const PRINT_TIMEOUT_MS = 60_000;

/** The report page as a PDF (A4, its own print styles, backgrounds kept). */
export async function printHtmlToPdf(html: string, chromiumPath: string = locateChromium()): Promise<Uint8Array> {
  // playwright-core is loaded only for pdf: it is large, and the other formats never need it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1160, height: 900 } });
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    // The page is self-contained: anything it would fetch is refused rather than waited for.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    // Every chart drawn (its SVG has shapes and a laid-out box), and every font loaded.
    await page.waitForFunction(`(() => {
      const charts = [...document.querySelectorAll('figure .chart.wide')];
      return charts.every((c) => { const svg = c.querySelector('svg'); return svg && svg.querySelector('path, rect') && svg.getBoundingClientRect().width > 0; });
    })()`);
    await page.evaluate('document.fonts.ready.then(() => true)');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
