import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actors, checkPage, ensureBuilt, launchBrowser, shot, signUpThroughUi, tokenOf } from '../../../../test/browser.js';
import { citizen, postStatus } from '../../../../test/factories.js';
import { listeningServer, type TestServer } from '../../../../test/http.js';

/**
 * The web UI keeps one cache of what the API answered (issue 15): a status
 * shown twice on one screen, as a profile shows a pinned post above its posts,
 * is one status, so acting on either copy changes both at once, without the
 * page asking the server for its lists again.
 */
let s: TestServer & { url: string };
let browser: Browser;
let actors: Actors;

beforeAll(async () => {
  await ensureBuilt();
  s = await listeningServer('sqlite', { provider: 'gov.example' });
  browser = await launchBrowser();
  actors = new Actors(browser);
}, 180_000);

afterAll(async () => {
  await actors?.close();
  await browser?.close();
  await s?.close();
});

const favourite = (card: Locator) => card.locator('.status-actions button', { hasText: '♥' });

describe('one cache for every view of a status', () => {
  it('favourites a pinned post and the same post in the profile’s list changes at once, and back', async () => {
    const author = await citizen(s, 'tongzhi_fabu');
    const id = await postStatus(s, author, { status: '【通知】本周六上午九点在社区服务中心开展义诊活动。' });
    expect((await s.call('POST', `/api/v1/statuses/${id}/pin`, { token: author.token })).status).toBe(200);

    const reader: Page = await actors.newActor();
    await signUpThroughUi(reader, s.url, 'jumin_zhang');
    await reader.goto(`${s.url}/web/@${author.username}`);
    const pinned = reader.getByRole('region', { name: '置顶微博' }).locator('article.status', { hasText: '义诊活动' });
    const listed = reader.getByRole('region', { name: '微博', exact: true }).locator('article.status', { hasText: '义诊活动' });
    await pinned.waitFor();
    await listed.waitFor();
    expect(await favourite(listed).getAttribute('aria-pressed')).toBe('false');

    // From here on, the page may post the favourite but must not read a list again to show it.
    const reads: string[] = [];
    reader.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/api/')) reads.push(r.url());
    });

    // By keyboard, on the pinned copy.
    await favourite(pinned).focus();
    await reader.keyboard.press('Enter');
    await expect.poll(() => favourite(pinned).getAttribute('aria-pressed')).toBe('true');
    expect(await favourite(listed).getAttribute('aria-pressed')).toBe('true');
    expect(await favourite(listed).locator('.count').innerText()).toBe('1');
    await checkPage(reader);
    await shot(reader, 'cache-00-favourited-twice');

    // And back, by a click on the other copy.
    await favourite(listed).click();
    await expect.poll(() => favourite(listed).getAttribute('aria-pressed')).toBe('false');
    expect(await favourite(pinned).getAttribute('aria-pressed')).toBe('false');
    expect(await favourite(pinned).locator('.count').innerText()).toBe('0');
    expect(reads).toEqual([]);

    // The server agrees: the favourite was made and undone there.
    const seen = await fetch(`${s.url}/api/v1/statuses/${id}`, { headers: { authorization: `Bearer ${await tokenOf(reader)}` } }).then((r) => r.json() as Promise<{ favourited: boolean; favourites_count: number }>);
    expect(seen).toMatchObject({ favourited: false, favourites_count: 0 });
    expect(actors.pageErrors).toEqual([]);
  }, 60_000);
});
