import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Actors, SCREENS, type Screen, checkPage, ensureBuilt, launchBrowser, shot, signUpThroughUi, tokenOf } from '../../../../test/browser.js';
import { citizen as makeCitizen, creditCodeFor, postStatus, staffUser, verifiedOrgan } from '../../../../test/factories.js';
import { listeningServer, type TestServer } from '../../../../test/http.js';

/**
 * The people's pages in Chromium against a real provider, on a desktop and a
 * phone: an account's followers and following lists from the profile's counts,
 * the direct-message inbox (a citizen writes to an organ, the organ reads it),
 * and explore (trending tags opening inside the app, trending posts, suggested
 * accounts with follow and dismiss). Screenshots: test-artifacts/ui-people-*.png.
 */
let s: TestServer & { url: string };
let browser: Browser;
let actors: Actors;

beforeAll(async () => {
  await ensureBuilt();
  // Trends without a reviewer's approval, as the demo runs: the test is of the UI, not of the review.
  s = await listeningServer('sqlite', { provider: 'gov.example', trendableByDefault: true });
  browser = await launchBrowser();
  actors = new Actors(browser);
  // What explore shows needs a provider in use: verified organs to suggest, and a topic that five people talk
  // about (Mastodon's threshold for a trend), whose notice five people favourite.
  const reviewer = await staffUser(s, 'reviewer');
  const police = await verifiedOrgan(s, reviewer.token, { organ_name: '北京市公安局公安交通管理局', verification: '北京市公安局公安交通管理局官方微博', credit_code: creditCodeFor('110000', 901) });
  await verifiedOrgan(s, reviewer.token, { organ_name: '北京市应急管理局', public_security: false, verification: '北京市应急管理局官方微博', credit_code: creditCodeFor('110000', 902) });
  const notice = await postStatus(s, police, { status: '【提示】雨雪天气出行请减速慢行，保持车距 #冬季交通安全' });
  for (let i = 0; i < 5; i++) {
    const c = await makeCitizen(s);
    await postStatus(s, c, { status: `今天路面结冰，大家注意 #冬季交通安全 (${i})` });
    await s.call('POST', `/api/v1/statuses/${notice}/favourite`, { token: c.token });
  }
}, 180_000);

afterAll(async () => {
  await actors?.close();
  await browser?.close();
  await s?.close();
});

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(page)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as T;
}

describe.each(SCREENS)('the people’s pages on a $name screen', (screen: Screen) => {
  const tag = screen.name === 'desktop' ? 'd' : 'p';
  const organName = `jiaojing_${tag}`;
  const citizenName = `shimin_${tag}`;
  const pic = (n: string) => `people-${screen.name}-${n}`;
  let organ: Page;
  let citizen: Page;
  let newcomer: Page | undefined;

  beforeAll(async () => {
    organ = await actors.newActor(screen);
    await signUpThroughUi(organ, s.url, organName);
    citizen = await actors.newActor(screen);
    await signUpThroughUi(citizen, s.url, citizenName);
  }, 60_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await shot(organ, pic('failed-organ'), false).catch(() => {});
    await shot(citizen, pic('failed-citizen'), false).catch(() => {});
    if (newcomer) await shot(newcomer, pic('failed-newcomer'), false).catch(() => {});
  });

  it('lists followers and following from the profile’s counts, with follow buttons', async () => {
    await citizen.goto(`${s.url}/web/@${organName}`);
    await citizen.getByRole('button', { name: '关注', exact: true }).click();
    await citizen.getByRole('button', { name: '取消关注' }).waitFor();

    await organ.goto(`${s.url}/web/@${organName}`);
    await organ.getByRole('link', { name: /1\s*粉丝/ }).click();
    await organ.waitForURL(`${s.url}/web/@${organName}/followers`);
    await organ.getByRole('heading', { name: `${organName} 的粉丝` }).waitFor();
    const row = organ.getByRole('list', { name: `${organName} 的粉丝` }).getByRole('listitem').filter({ hasText: citizenName });
    await row.waitFor();
    // The organ follows back from the list; the server agrees.
    await row.getByRole('button', { name: `关注 ${citizenName}` }).click();
    await row.getByRole('button', { name: `取消关注 ${citizenName}` }).waitFor();
    const rel = await api<{ following: boolean }[]>(organ, 'GET', `/api/v1/accounts/relationships?id[]=${(await api<{ id: string }>(citizen, 'GET', '/api/v1/accounts/verify_credentials')).id}`);
    expect(rel[0]?.following).toBe(true);
    await checkPage(organ);
    await shot(organ, pic('01-followers'));

    await organ.getByRole('link', { name: '关注', exact: true }).click();
    await organ.waitForURL(`${s.url}/web/@${organName}/following`);
    await organ.getByRole('list', { name: `${organName} 关注的账号` }).getByText(citizenName, { exact: true }).first().waitFor();
  });

  it('counts unread notifications beside 通知, live, and clears them once read', async () => {
    await organ.goto(`${s.url}/web/`);
    const badge = organ.getByRole('navigation', { name: '主导航' }).locator('.unread-badge');
    // The follow of the test before.
    await expect.poll(async () => (await badge.count()) > 0 ? await badge.getAttribute('aria-label') : null).toMatch(/^\d+ 条未读$/);
    await organ.getByRole('link', { name: /^通知/ }).first().click();
    await organ.waitForURL(`${s.url}/web/notifications`);
    await expect.poll(() => badge.count()).toBe(0);
    await expect.poll(async () => (await api<{ count: number }>(organ, 'GET', '/api/v1/notifications/unread_count')).count).toBe(0);
    // A mention while the page is open raises the count without a reload.
    await organ.getByRole('link', { name: '首页' }).first().click();
    await api(citizen, 'POST', '/api/v1/statuses', { status: `@${organName} 请问冬季供暖投诉电话是多少？` });
    await expect.poll(() => badge.getAttribute('aria-label')).toBe('1 条未读');
    await shot(organ, pic('02-unread'), false);
  });

  it('shows a direct message in the inbox of the one it names, unread until read', async () => {
    const words = `您好，小区门口的红绿灯坏了三天，请尽快维修。（${tag}）`;
    await citizen.getByRole('link', { name: '首页' }).first().click();
    await citizen.getByLabel('发布微博', { exact: true }).fill(`@${organName} ${words}`);
    await citizen.getByLabel('可见范围').selectOption('direct');
    await citizen.getByRole('button', { name: '发布', exact: true }).click();
    await citizen.locator('article.status', { hasText: '红绿灯坏了三天' }).first().waitFor();

    await organ.getByRole('link', { name: '私信' }).first().click();
    await organ.waitForURL(`${s.url}/web/conversations`);
    const entry = organ.getByRole('listitem', { name: new RegExp(`与 .*${citizenName}.* 的对话`) });
    await entry.locator('article.status', { hasText: '红绿灯坏了三天' }).waitFor();
    await expect.poll(() => entry.locator('.pill', { hasText: '未读' }).count()).toBe(1);
    await checkPage(organ);
    await shot(organ, pic('02-conversations'));
    await entry.getByRole('button', { name: '标为已读' }).click();
    await expect.poll(() => entry.locator('.pill', { hasText: '未读' }).count()).toBe(0);
    const list = await api<{ unread: boolean; last_status: { content: string } }[]>(organ, 'GET', '/api/v1/conversations');
    expect(list.find((c) => c.last_status.content.includes('红绿灯'))?.unread).toBe(false);
    // The citizen's own inbox holds it too, as read (the writer has read what they wrote).
    await citizen.getByRole('link', { name: '私信' }).first().click();
    await citizen.getByRole('listitem', { name: new RegExp(`与 .*${organName}.* 的对话`) }).waitFor();
  });

  it('explores: a trending tag opens inside the app, trending posts, a suggestion followed and one dismissed', async () => {
    // A third person, new here, who follows nobody: whom the provider suggests, and the trends.
    newcomer = await actors.newActor(screen);
    await signUpThroughUi(newcomer, s.url, `xinren_${tag}`);
    await newcomer.getByRole('link', { name: '发现' }).first().click();
    await newcomer.waitForURL(`${s.url}/web/explore`);
    await newcomer.getByRole('heading', { name: '热门话题' }).waitFor();
    const trending = newcomer.getByRole('region', { name: '热门话题' }).getByRole('link', { name: '#冬季交通安全' });
    await trending.waitFor();
    await newcomer.getByRole('region', { name: '热门微博' }).locator('article.status', { hasText: '保持车距' }).waitFor();
    const suggestions = newcomer.getByRole('list', { name: '推荐关注' });
    await suggestions.getByRole('listitem').first().waitFor();
    await checkPage(newcomer);
    await shot(newcomer, pic('03-explore'));
    const first = suggestions.getByRole('listitem').first();
    const name = (await first.locator('.display-name').textContent())!.trim();
    await first.getByRole('button', { name: `关注 ${name}` }).click();
    await first.getByRole('button', { name: `取消关注 ${name}` }).waitFor();
    const count = await suggestions.getByRole('listitem').count();
    if (count > 1) {
      const second = suggestions.getByRole('listitem').nth(1);
      const other = (await second.locator('.display-name').textContent())!.trim();
      await second.getByRole('button', { name: `不再推荐 ${other}` }).click();
      await expect.poll(() => suggestions.getByRole('listitem').filter({ hasText: other }).count()).toBe(0);
      const left = await api<{ account: { display_name: string; username: string } }[]>(newcomer, 'GET', '/api/v2/suggestions');
      expect(left.map((x) => x.account.display_name || x.account.username)).not.toContain(other);
    }
    await trending.click();
    await newcomer.waitForURL((u) => decodeURIComponent(u.pathname) === '/web/tags/冬季交通安全');
    await newcomer.locator('article.status', { hasText: '减速慢行' }).first().waitFor();
  });
});
