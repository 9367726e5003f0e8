import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { WEB_DIST } from '../src/http/routes/web/spa.js';

/**
 * What the browser tests share: Debian's chromium, the web bundle built once
 * per run (whichever test file comes first builds it, the others wait for it),
 * actors with their own browser context, screenshots, and the checks every
 * page gets (controls a screen reader can name, no sideways scrolling).
 */
export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The two screens every flow is walked on. */
export interface Screen {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  mobile: boolean;
}
export const DESKTOP: Screen = { name: 'desktop', width: 1200, height: 860, mobile: false };
export const PHONE: Screen = { name: 'phone', width: 390, height: 844, mobile: true };
export const SCREENS: readonly Screen[] = [DESKTOP, PHONE];

/** The newest modification time under the UI's sources (and the shared domain files it imports). */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'web'));
  walk(join(ROOT, 'src', 'domain'));
  return newest;
}

const fresh = () => {
  const index = join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource();
};

/**
 * Builds the UI when it is missing or older than its sources, so a test never
 * runs a stale bundle. Test files run in parallel processes: a lock directory
 * (mkdir is atomic) lets one of them build while the others wait and then find
 * the bundle fresh. A lock left by a killed run is taken over after 3 minutes.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, 'dist', '.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (fresh()) return;
      const { build } = await import('vite');
      await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The people of one test file, each in a browser context of their own (their
 * own localStorage, so their own session), with every alert a page raised and
 * every script error or CSP refusal collected for the test to assert empty.
 */
export class Actors {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly browser: Browser) {}

  async newActor(screen: Screen = DESKTOP): Promise<Page> {
    const context = await this.browser.newContext({
      viewport: { width: screen.width, height: screen.height },
      isMobile: screen.mobile,
      hasTouch: screen.mobile,
      locale: 'zh-CN',
      deviceScaleFactor: 1,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    page.on('dialog', (d) => {
      this.dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) this.pageErrors.push(m.text());
    });
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
  }
}

/** A screenshot in test-artifacts/ as `ui-<name>.png`; returns its path. */
export async function shot(page: Page, name: string, fullPage = true): Promise<string> {
  const path = join(ARTIFACTS, `ui-${name}.png`);
  // From the top: a full-page picture of a scrolled page would draw the sticky header mid-page.
  if (fullPage) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage });
  return path;
}

/** Form controls and buttons on the page that a screen reader could not name. */
export async function unlabelled(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
    .filter((el) => {
      const byLabel = el.labels && el.labels.length ? [...el.labels].map((l) => l.textContent).join('').trim() : '';
      const name = byLabel || (el.getAttribute('aria-label') || '').trim() || (el.tagName === 'BUTTON' ? el.textContent.trim() : '');
      return !name;
    })
    .map((el) => el.outerHTML.slice(0, 120))`)) as string[];
}

/**
 * Elements wider than the screen: the page must not scroll sideways on a
 * phone (the header's nav scrolls within itself, and is left out).
 */
export async function overflowing(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll('main *, dialog *')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 1; })
      .filter((el) => !el.closest('.nav'))
      .slice(0, 5)
      .map((el) => el.outerHTML.slice(0, 120));
  })()`)) as string[];
}

/** The checks of every page a flow stops at: named controls and no sideways scrolling. */
export async function checkPage(page: Page): Promise<void> {
  expect(await unlabelled(page)).toEqual([]);
  expect(await overflowing(page)).toEqual([]);
  expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
}

export async function signUpThroughUi(page: Page, base: string, username: string, screenshot?: string): Promise<void> {
  await page.goto(`${base}/web/signup`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('电子邮箱').fill(`${username}@example.cn`);
  await page.getByLabel('密码', { exact: true }).fill('correct horse 1');
  await page.getByLabel('我已阅读并同意服务条款').check();
  if (screenshot) await shot(page, screenshot);
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.waitForURL(`${base}/web/`);
  await page.getByRole('button', { name: '退出' }).waitFor();
}

/** Signs in through the provider's OAuth page (authorization code with PKCE), as staff must to get the admin scopes. */
export async function signInThroughOAuth(page: Page, base: string, login: string, password: string): Promise<void> {
  await page.goto(`${base}/web/signin`);
  await page.getByRole('button', { name: '前往登录' }).click();
  await page.waitForURL(/\/oauth\/authorize\?/);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: /登录并授权/ }).click();
  await page.waitForURL(`${base}/web/`);
}

/** The access token the page's session holds. */
export async function tokenOf(page: Page): Promise<string> {
  return (await page.evaluate('localStorage.getItem("govblog.token")')) as string;
}
