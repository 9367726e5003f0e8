import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Actors, PHONE, checkPage, ensureBuilt, launchBrowser, shot, signInThroughOAuth, signUpThroughUi } from '../browser.js';
import { creditCodeFor, institutionApplication } from '../factories.js';
import { type Peer, startPeer } from '../peers.js';

/**
 * Issue 14's web UI in Chromium against two real providers that federate: a
 * citizen of `away` finds an organ of `home` by its handle, sees on its profile
 * which server it lives on and who verified it, follows it, and reads its next
 * post in the home timeline and on its own page, as a citizen on a desktop and
 * on a phone would. Screenshots: test-artifacts/ui-federation-*.png.
 */
describe('remote accounts in the web UI', () => {
  let home: Peer;
  let away: Peer;
  let browser: Browser;
  let actors: Actors;
  let organ: { token: string; handle: string; username: string };
  let desktop: Page;
  let phone: Page | undefined;
  const citizen = 'zhang_fed';
  const pic = (n: string) => `federation-${n}`;

  beforeAll(async () => {
    const started = Promise.all([startPeer('sqlite', { name: 'home' }), startPeer('postgres', { name: 'away' })]);
    await ensureBuilt();
    [home, away] = await started;
    const reviewer = await home.user('reviewer', 'reviewer');
    organ = await home.user('shfabu');
    // Named before verification: a verified account keeps its name.
    expect((await home.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { display_name: '上海发布' } })).status).toBe(200);
    const applied = await home.call('POST', '/api/v1/gov/verifications', {
      token: organ.token,
      body: institutionApplication({ organ_name: '上海市人民政府新闻办公室', level: 'provincial', region_code: '310000', credit_code: creditCodeFor('310000'), public_security: false, verification: '上海市人民政府新闻办公室官方微博' }),
    });
    expect(applied.status).toBe(201);
    expect((await home.call('POST', `/api/v1/gov/verifications/${applied.json.id}/approve`, { token: reviewer.token, body: {} })).status).toBe(200);
    browser = await launchBrowser();
    actors = new Actors(browser);
  }, 180_000);

  afterAll(async () => {
    await actors?.close();
    await browser?.close();
    await Promise.all([home?.stop(), away?.stop()]);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    if (desktop) await shot(desktop, pic('failed-desktop'), false).catch(() => {});
    if (phone) await shot(phone, pic('failed-phone'), false).catch(() => {});
  });

  let posted: { status: number; json: any };
  const profileUrl = () => `${away.url}/web/@${organ.handle}`;

  it('finds the organ of another server by its handle and shows where it lives and who verified it', async () => {
    desktop = await actors.newActor();
    await signUpThroughUi(desktop, away.url, citizen);
    const box = desktop.getByRole('combobox', { name: '搜索账号、话题和微博' });
    await box.fill(`@${organ.handle}`);
    await box.press('Enter');
    const result = desktop.locator('.search-account', { hasText: '上海发布' });
    await result.waitFor();
    expect(await result.textContent()).toContain(`@${organ.handle}`);
    await checkPage(desktop);
    await shot(desktop, pic('desktop-01-search'));

    await result.getByRole('link', { name: '上海发布' }).click();
    await expect.poll(() => desktop.url()).toBe(profileUrl());
    const profile = desktop.locator('section.profile');
    await profile.getByRole('heading', { name: /上海发布/ }).waitFor();
    expect(await profile.locator('.badge-institutional').count()).toBe(1);
    expect(await profile.locator('.handle').textContent()).toBe(`@${organ.handle}`);
    // It says which server it lives on, and links to its page there.
    expect(await profile.locator('.home-server').textContent()).toContain(home.host);
    expect(await profile.getByRole('link', { name: '在其服务器上查看' }).getAttribute('href')).toBe(`${home.url}/@${organ.username}`);
    // Its government profile, as verified by its home provider, not by this one.
    const gov = desktop.getByRole('region', { name: '政务信息' });
    await gov.getByText('上海市人民政府新闻办公室官方微博').waitFor();
    expect(await gov.getByTestId('gov-verified-by').textContent()).toBe(home.host);
    // Only what reached this server is listed here: the reader is told where the rest is.
    expect(await desktop.locator('.remote-posts-hint').getByRole('link', { name: '在其服务器上查看' }).getAttribute('href')).toBe(`${home.url}/@${organ.username}`);
    // No service desk of this server's for an organ of another: requests go to its own provider.
    expect(await desktop.getByRole('link', { name: '发起服务请求' }).count()).toBe(0);
    await checkPage(desktop);
    await shot(desktop, pic('desktop-02-profile'));
  });

  it('follows it, and its next post arrives in the home timeline with its server named', async () => {
    const follow = desktop.getByRole('button', { name: '关注', exact: true });
    const unfollow = desktop.getByRole('button', { name: '取消关注' });
    const requested = desktop.getByRole('button', { name: '已申请关注' });
    await follow.click();
    // Until the other server's Accept arrives the follow is a request; then it is a follow.
    await unfollow.or(requested).first().waitFor();
    await expect
      .poll(async () => {
        if (await unfollow.isVisible()) return true;
        await desktop.reload();
        await unfollow.or(requested).first().waitFor();
        return false;
      })
      .toBe(true);
    posted = await home.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '【提示】明日起#地铁2号线#调整运营时间，请市民合理安排出行。', visibility: 'public' } });
    expect(posted.status).toBe(200);

    await desktop.getByRole('link', { name: '首页' }).click();
    const post = desktop.locator('article.status', { hasText: '调整运营时间' });
    await expect
      .poll(async () => {
        if (await post.count()) return true;
        await desktop.reload();
        return false;
      })
      .toBe(true);
    expect(await post.locator('.status-meta .handle').textContent()).toBe(`@${organ.handle}`);
    expect(await post.locator('.status-meta .home-server').textContent()).toContain(home.host);
    expect(await post.locator('.badge-institutional').count()).toBe(1);
    await checkPage(desktop);
    await shot(desktop, pic('desktop-03-home'));

    // Its own page in the UI, at the organ's acct.
    await post.locator('.status-time').click();
    await expect.poll(() => desktop.url()).toMatch(new RegExp(`/web/@${organ.handle.replace(/[.]/g, '\\.')}/\\d+$`));
    const focus = desktop.locator('.thread-focus article.status');
    await focus.locator('.status-content', { hasText: '调整运营时间' }).waitFor();
    expect(await focus.locator('.status-meta .home-server').textContent()).toContain(home.host);
    expect(await desktop.locator('.original-link').getByRole('link', { name: '查看原文' }).getAttribute('href')).toBe(posted.json.url);
    // The author's name opens the organ's profile here, not on its server.
    await focus.getByRole('link', { name: '上海发布' }).click();
    await expect.poll(() => desktop.url()).toBe(profileUrl());
    await desktop.goBack();
    await focus.waitFor();
    await checkPage(desktop);
    await shot(desktop, pic('desktop-04-status'));
    expect(actors.pageErrors).toEqual([]);
    expect(actors.dialogs).toEqual([]);
  });

  it("shows the organ's poll with its options and takes a vote, counted at its home", async () => {
    const asked = await home.call('POST', '/api/v1/statuses', { token: organ.token, body: { status: '【意见征集】地铁2号线周末是否延长运营？', poll: { options: ['延长到23点', '维持现状'], expires_in: 86400 } } });
    expect(asked.status).toBe(200);
    await desktop.getByRole('link', { name: '首页' }).click();
    const card = desktop.locator('article.status', { hasText: '意见征集' });
    await expect
      .poll(async () => {
        if (await card.count()) return true;
        await desktop.reload();
        return false;
      })
      .toBe(true);
    expect(await card.getByRole('radio').count()).toBe(2);
    await card.getByRole('radio', { name: '延长到23点' }).check();
    await checkPage(desktop);
    await shot(desktop, pic('desktop-04b-remote-poll'));
    await card.getByRole('button', { name: '投票', exact: true }).click();
    await card.getByTestId('poll-results').getByText(/延长到23点（你的选择）/).waitFor();
    // The vote is counted at the poll's home.
    await expect.poll(async () => (await home.call('GET', `/api/v1/statuses/${asked.json.id}`, { token: organ.token })).json.poll.votes_count).toBe(1);
  });

  it("tells the organ's press officer at home who followed from which server", async () => {
    const officer = await actors.newActor();
    await officer.addInitScript((token) => localStorage.setItem('govblog.token', token), organ.token);
    await officer.goto(`${home.url}/web/notifications`);
    const follow = officer.locator('.notification', { hasText: `@${citizen}@${away.host}` });
    await follow.waitFor();
    expect(await follow.getByRole('link', { name: citizen }).getAttribute('href')).toBe(`/web/@${citizen}@${away.host}`);
    await checkPage(officer);
    await shot(officer, pic('desktop-05-officer-notifications'));
    await follow.getByRole('link', { name: citizen }).click();
    await officer.locator('section.profile .home-server', { hasText: away.host }).waitFor();
    await officer.getByRole('button', { name: '关注', exact: true }).waitFor();
    await checkPage(officer);
    await shot(officer, pic('desktop-06-officer-follower'));
    expect(actors.pageErrors).toEqual([]);
  });

  it('shows the same profile, timeline and post on a phone without sideways scrolling', async () => {
    phone = await actors.newActor(PHONE);
    await signInThroughOAuth(phone, away.url, citizen, 'correct horse 1');
    await phone.goto(profileUrl());
    await phone.locator('section.profile').getByRole('heading', { name: /上海发布/ }).waitFor();
    await phone.locator('article.status', { hasText: '调整运营时间' }).waitFor();
    expect(await phone.locator('.home-server').first().textContent()).toContain(home.host);
    await phone.getByRole('button', { name: '取消关注' }).waitFor();
    await checkPage(phone);
    await shot(phone, pic('phone-01-profile'));

    await phone.goto(`${away.url}/web/`);
    const post = phone.locator('article.status', { hasText: '调整运营时间' });
    await post.waitFor();
    // The server's name is on the screen, not cut off by the narrow header.
    const server = post.locator('.status-meta .home-server');
    expect(await server.textContent()).toContain(home.host);
    expect(await server.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await checkPage(phone);
    await shot(phone, pic('phone-02-home'));

    await post.locator('.status-time').click();
    await phone.locator('.thread-focus .status-content', { hasText: '调整运营时间' }).waitFor();
    await checkPage(phone);
    await shot(phone, pic('phone-03-status'));
    expect(actors.pageErrors).toEqual([]);
    expect(actors.dialogs).toEqual([]);
  });
});
