import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../accounts/sign-up.js';
import { Actors, SCREENS, type Screen, checkPage, ensureBuilt, launchBrowser, shot, signInThroughOAuth, signUpThroughUi, tokenOf } from '../../../../test/browser.js';
import { listeningServer, type TestServer } from '../../../../test/http.js';

/**
 * The flows of issue 13 whose API is being built beside the UI and is not on
 * main yet: their tests are written and skipped. At the merge of each feature,
 * take its name out of this list and the flow runs.
 */
const NOT_MERGED: readonly Flow[] = [];

type Flow = 'daily' | 'moderation' | 'blocks' | 'lists' | 'filters';
const flow = (name: Flow) => (NOT_MERGED.includes(name) ? it.skip : it);

/**
 * The web UI's daily and moderation features in Chromium against a real
 * provider, each flow walked on a desktop and on a phone-sized screen: polls,
 * bookmarks, edits with their history and pins; lists, keyword filters, blocks
 * and mutes; a report citing the provider's rules and picking statuses, and the
 * moderation queue from a reviewer's and an admin's side. Every stop checks that
 * each control has a name and that nothing scrolls sideways; the screenshots
 * are in test-artifacts/ui-daily-<screen>-*.png.
 */
const RULES = [
  { text: '不得发布违反法律法规的信息', hint: '包括危害国家安全、泄露国家秘密等' },
  { text: '不得发布虚假信息或谣言', hint: '' },
  { text: '不得侮辱、诽谤或骚扰他人', hint: '' },
];

let s: TestServer & { url: string };
let browser: Browser;
let actors: Actors;

beforeAll(async () => {
  await ensureBuilt();
  s = await listeningServer('sqlite', { provider: 'gov.example', rules: RULES });
  browser = await launchBrowser();
  actors = new Actors(browser);
}, 180_000);

afterAll(async () => {
  await actors?.close();
  await browser?.close();
  await s?.close();
});

/** Follows the account from its profile unless already following (a block ends follows both ways). */
async function ensureFollowing(page: Page, username: string) {
  await page.goto(`${s.url}/web/@${username}`);
  const unfollow = page.getByRole('button', { name: '取消关注' });
  const follow = page.getByRole('button', { name: '关注', exact: true });
  await unfollow.or(follow).first().waitFor();
  if (await follow.isVisible()) {
    await follow.click();
    await unfollow.waitFor();
  }
}

describe.each(SCREENS)('the web UI on a $name screen', (screen: Screen) => {
  const tag = screen.name === 'desktop' ? 'd' : 'p';
  const author = `fabu_${tag}`;
  const reader = `qunzhong_${tag}`;
  const pic = (n: string) => `daily-${screen.name}-${n}`;
  let organ: Page;
  let citizen: Page;

  beforeAll(async () => {
    organ = await actors.newActor(screen);
    await signUpThroughUi(organ, s.url, author);
    citizen = await actors.newActor(screen);
    await signUpThroughUi(citizen, s.url, reader);
  }, 60_000);

  // A failed step leaves a picture of where each actor stood.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await shot(organ, pic('failed-organ'), false).catch(() => {});
    await shot(citizen, pic('failed-citizen'), false).catch(() => {});
  });

  it('opens a hashtag of a post inside the app, with its posts, and follows it', async () => {
    const topic = `冬季供暖${tag}`;
    await organ.getByRole('link', { name: '首页' }).click();
    await organ.getByLabel('发布微博', { exact: true }).fill(`【提示】#${topic}# 今冬供暖自11月15日起，请市民提前检查暖气阀门。`);
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    await organ.locator('article.status', { hasText: '提前检查暖气阀门' }).first().waitFor();

    await citizen.goto(`${s.url}/web/public`);
    const post = citizen.locator('article.status', { hasText: '提前检查暖气阀门' }).first();
    await post.locator('.status-content a', { hasText: topic }).click();
    // The hashtag's page of the UI, not the server's bare page.
    await citizen.waitForURL((u) => decodeURIComponent(u.pathname) === `/web/tags/${topic}`);
    await citizen.getByRole('heading', { name: `#${topic}#` }).waitFor();
    const listed = citizen.getByRole('region', { name: `#${topic}# 的微博` }).locator('article.status', { hasText: '提前检查暖气阀门' });
    await listed.waitFor();
    await citizen.getByRole('button', { name: '关注话题', exact: true }).click();
    const unfollow = citizen.getByRole('button', { name: '取消关注话题' });
    await unfollow.waitFor();
    expect(await unfollow.getAttribute('aria-pressed')).toBe('true');
    await checkPage(citizen);
    await shot(citizen, pic('00-hashtag'));
    // Followed on the server, not only on the screen.
    const followed = await fetch(`${s.url}/api/v1/followed_tags`, { headers: { authorization: `Bearer ${await tokenOf(citizen)}` } }).then((r) => r.json() as Promise<{ name: string }[]>);
    expect(followed.map((t) => t.name.toLowerCase())).toContain(topic.toLowerCase());
  });

  it('posts a poll and votes on it, bookmarks, edits with the history, pins', async () => {
    // A poll from the composer: three options, one choice, a day.
    await organ.getByRole('link', { name: '首页' }).click();
    await organ.getByLabel('发布微博', { exact: true }).fill('【意见征集】图书馆开放时间调整，请投票');
    await organ.getByRole('button', { name: '投票', exact: true }).click();
    await organ.getByLabel('选项 1', { exact: true }).fill('延长到晚上九点');
    await organ.getByLabel('选项 2', { exact: true }).fill('周末全天开放');
    await organ.getByRole('button', { name: /添加选项/ }).click();
    await organ.getByLabel('选项 3', { exact: true }).fill('维持现状');
    await organ.getByLabel('投票期限').selectOption('259200');
    await checkPage(organ);
    await shot(organ, pic('01-compose-poll'));
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    const ownPoll = organ.locator('article.status', { hasText: '意见征集' }).first();
    // The author counts as having voted (Mastodon's Poll#voted?): the results show.
    await ownPoll.getByTestId('poll-results').waitFor();
    expect(await ownPoll.locator('.poll-results li').count()).toBe(3);

    // A plain post, edited afterwards.
    await organ.getByLabel('发布微博', { exact: true }).fill('明日上午九点召开新闻发布会，通报冬季供暖情况。');
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    const notice = organ.locator('article.status', { hasText: '召开新闻发布会' }).first();
    await notice.waitFor();
    await notice.getByRole('button', { name: '更多操作' }).click();
    await notice.getByRole('button', { name: '编辑', exact: true }).click();
    const editBox = notice.getByLabel('编辑微博');
    await expect.poll(() => editBox.inputValue()).toBe('明日上午九点召开新闻发布会，通报冬季供暖情况。');
    await editBox.fill('明日上午十点召开新闻发布会，通报冬季供暖情况。（时间已更正）');
    await checkPage(organ);
    await notice.getByRole('button', { name: '保存修改' }).click();
    await notice.locator('.status-content', { hasText: '上午十点' }).waitFor();
    await notice.getByRole('button', { name: /已编辑/ }).click();
    const history = organ.getByRole('dialog', { name: '编辑记录' });
    await history.waitFor();
    await history.getByText('原始版本').waitFor();
    await history.getByText('第 1 次编辑').waitFor();
    await history.locator('.status-content', { hasText: '上午九点' }).waitFor();
    await history.locator('.status-content', { hasText: '上午十点' }).waitFor();
    await checkPage(organ);
    await shot(organ, pic('02-edit-history'), false);
    // Escape closes it and gives focus back to the button that opened it.
    await organ.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
    expect(await organ.evaluate('document.activeElement && document.activeElement.textContent')).toContain('已编辑');

    // The menu by keyboard: Enter opens it, Escape closes it and leaves focus on its button.
    const more = notice.getByRole('button', { name: '更多操作' });
    await more.focus();
    await organ.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await checkPage(organ);
    await organ.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await more.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    // Pinned from the menu (by keyboard): it leads the profile, with its mark.
    await organ.keyboard.press('Enter');
    await notice.getByRole('button', { name: '置顶', exact: true }).focus();
    await organ.keyboard.press('Enter');
    await organ.goto(`${s.url}/web/@${author}`);
    const pinned = organ.getByRole('region', { name: '置顶微博' });
    await pinned.locator('.status-content', { hasText: '上午十点' }).waitFor();
    await pinned.locator('.pinned-badge', { hasText: '置顶' }).waitFor();
    await checkPage(organ);
    await shot(organ, pic('03-pinned'));

    // A reader votes on the poll, sees the results with their choice, and bookmarks the notice.
    await citizen.goto(`${s.url}/web/@${author}`);
    await citizen.getByRole('region', { name: '置顶微博' }).locator('.status-content', { hasText: '上午十点' }).waitFor();
    const poll = citizen.getByRole('region', { name: '微博', exact: true }).locator('article.status', { hasText: '意见征集' });
    await poll.getByRole('radio', { name: '周末全天开放' }).check();
    await checkPage(citizen);
    await shot(citizen, pic('04-poll-vote'));
    await poll.getByRole('button', { name: '投票', exact: true }).click();
    const results = poll.getByTestId('poll-results');
    await results.waitFor();
    await results.getByText('周末全天开放（你的选择）').waitFor();
    expect(await results.locator('li.own .poll-share').textContent()).toBe('100%');
    await results.getByText('你已投票').waitFor();
    await shot(citizen, pic('05-poll-results'));

    const post = citizen.getByRole('region', { name: '微博', exact: true }).locator('article.status', { hasText: '上午十点' });
    await post.getByRole('button', { name: '★ 收藏' }).click();
    await post.getByRole('button', { name: '★ 取消收藏' }).waitFor();
    await citizen.getByRole('link', { name: '收藏', exact: true }).click();
    await citizen.getByRole('heading', { name: '我的收藏' }).waitFor();
    const saved = citizen.locator('article.status', { hasText: '上午十点' });
    await saved.waitFor();
    // The edit shows to the reader too, with its history.
    await saved.getByRole('button', { name: /已编辑/ }).waitFor();
    await checkPage(citizen);
    await shot(citizen, pic('06-bookmarks'));
    await saved.getByRole('button', { name: '★ 取消收藏' }).click();
    await saved.getByRole('button', { name: '★ 收藏' }).waitFor();
    await citizen.reload();
    await citizen.getByText('暂无内容').waitFor();

    // Unpinned again: the profile has no pinned section.
    await organ.goto(`${s.url}/web/@${author}`);
    const again = organ.getByRole('region', { name: '置顶微博' }).locator('article.status');
    await again.getByRole('button', { name: '更多操作' }).click();
    await again.getByRole('button', { name: '取消置顶' }).click();
    await organ.getByRole('region', { name: '置顶微博' }).waitFor({ state: 'detached' });

    expect(actors.dialogs).toEqual([]);
    expect(actors.pageErrors).toEqual([]);
  });

  flow('lists')('makes a list, adds an account one follows, reads its timeline, and removes the account', async () => {
    await ensureFollowing(citizen, author);
    await citizen.getByRole('link', { name: '列表', exact: true }).click();
    await citizen.getByRole('heading', { name: '列表', exact: true }).waitFor();
    await citizen.getByLabel('列表名称').fill('政务发布');
    await citizen.getByRole('button', { name: '创建' }).click();
    await citizen.getByRole('link', { name: '政务发布' }).click();
    await citizen.getByRole('heading', { name: '政务发布' }).waitFor();
    await citizen.getByLabel('添加成员（你关注的账号）').fill(author);
    await citizen.getByRole('button', { name: '添加', exact: true }).click();
    const remove = citizen.getByRole('button', { name: `移出 @${author}` });
    await remove.waitFor();
    await citizen.getByRole('region', { name: '列表时间线' }).locator('.status-content', { hasText: '上午十点' }).waitFor();
    await citizen.getByLabel('显示回复').selectOption('list');
    await citizen.getByLabel('列表成员的微博不再出现在首页').check();
    await citizen.getByRole('button', { name: '保存设置' }).click();
    await checkPage(citizen);
    await shot(citizen, pic('07-list'));
    await citizen.reload();
    expect(await citizen.getByLabel('显示回复').inputValue()).toBe('list');
    expect(await citizen.getByLabel('列表成员的微博不再出现在首页').isChecked()).toBe(true);
    await remove.click();
    await citizen.getByText('列表里还没有成员。').waitFor();
    await citizen.getByRole('button', { name: '删除列表' }).click();
    await citizen.getByText('还没有列表。').waitFor();
    expect(actors.pageErrors).toEqual([]);
  });

  flow('filters')('collapses a post a warn filter matches behind its title, drops one a hide filter matches', async () => {
    await ensureFollowing(citizen, author);
    await citizen.getByRole('link', { name: '过滤器' }).click();
    await citizen.getByRole('heading', { name: '过滤器', exact: true }).waitFor();
    // A filter of notifications only: the API flags the post wherever it shows, the home timeline leaves it alone.
    await citizen.getByLabel('名称').fill('仅通知');
    await citizen.getByLabel('关键词（每行一个）').fill('意见征集');
    for (const where of ['首页和列表', '公共时间线', '对话']) await citizen.getByRole('checkbox', { name: where }).uncheck();
    await citizen.getByRole('checkbox', { name: '通知', exact: true }).check();
    await citizen.getByRole('button', { name: '保存过滤器' }).click();
    await citizen.getByTestId('filter').filter({ hasText: '仅通知' }).waitFor();
    await citizen.getByRole('link', { name: '首页' }).click();
    await citizen.locator('.status-content', { hasText: '意见征集' }).waitFor();
    expect(await citizen.getByRole('article', { name: '已过滤：仅通知' }).count()).toBe(0);
    await citizen.getByRole('link', { name: '过滤器' }).click();
    await citizen.getByRole('button', { name: '删除过滤器 仅通知' }).click();
    await citizen.getByTestId('filter').filter({ hasText: '仅通知' }).waitFor({ state: 'detached' });
    for (const where of ['首页和列表', '公共时间线', '对话']) await citizen.getByRole('checkbox', { name: where }).check();
    await citizen.getByRole('checkbox', { name: '通知', exact: true }).uncheck();

    await citizen.getByLabel('名称').fill('发布会');
    await citizen.getByLabel('关键词（每行一个）').fill('新闻发布会');
    await citizen.getByRole('radio', { name: '折叠并显示提示' }).check();
    await checkPage(citizen);
    await shot(citizen, pic('08-filter-form'));
    await citizen.getByRole('button', { name: '保存过滤器' }).click();
    await citizen.getByTestId('filter').filter({ hasText: '发布会' }).waitFor();
    await citizen.getByLabel('名称').fill('图书馆');
    await citizen.getByLabel('关键词（每行一个）').fill('图书馆');
    await citizen.getByRole('radio', { name: '完全隐藏' }).check();
    await citizen.getByRole('button', { name: '保存过滤器' }).click();
    await citizen.getByTestId('filter').filter({ hasText: '图书馆' }).waitFor();

    await citizen.getByRole('link', { name: '首页' }).click();
    const warned = citizen.getByRole('article', { name: '已过滤：发布会' });
    await warned.waitFor();
    expect(await citizen.locator('.status-content', { hasText: '新闻发布会' }).count()).toBe(0);
    expect(await citizen.locator('.status-content', { hasText: '图书馆' }).count()).toBe(0);
    await checkPage(citizen);
    await shot(citizen, pic('09-filtered'));
    await warned.getByRole('button', { name: '仍然显示' }).click();
    await citizen.locator('.status-content', { hasText: '新闻发布会' }).waitFor();

    await citizen.getByRole('link', { name: '过滤器' }).click();
    await citizen.getByRole('button', { name: '删除过滤器 发布会' }).click();
    await citizen.getByRole('button', { name: '删除过滤器 图书馆' }).click();
    await citizen.getByText('还没有过滤器。').waitFor();
    expect(actors.pageErrors).toEqual([]);
  });

  flow('blocks')('mutes and blocks from the profile and a post, lists them, and undoes both', async () => {
    await ensureFollowing(citizen, author);
    await citizen.getByRole('button', { name: '屏蔽', exact: true }).click();
    await citizen.getByRole('button', { name: '取消屏蔽' }).waitFor();
    await citizen.getByRole('link', { name: '首页' }).click();
    await citizen.getByRole('heading', { name: '首页' }).waitFor();
    await expect.poll(() => citizen.locator('article.status', { hasText: '上午十点' }).count()).toBe(0);

    await citizen.getByRole('link', { name: '过滤器' }).click();
    await citizen.getByRole('link', { name: '黑名单与屏蔽' }).click();
    const muted = citizen.getByRole('region', { name: '已屏蔽的账号' });
    await muted.getByRole('button', { name: `取消屏蔽 @${author}` }).click();
    await muted.getByText('没有屏蔽任何账号。').waitFor();

    // Blocked from a post's menu: the post leaves the page at once; the profile says so.
    await citizen.goto(`${s.url}/web/public`);
    const post = citizen.locator('article.status', { hasText: '上午十点' }).first();
    await post.getByRole('button', { name: '更多操作' }).click();
    await post.getByRole('button', { name: `拉黑 @${author}` }).click();
    await expect.poll(() => citizen.locator('article.status', { hasText: '上午十点' }).count()).toBe(0);
    await citizen.goto(`${s.url}/web/@${author}`);
    await citizen.getByText('你已拉黑该账号').waitFor();
    await checkPage(citizen);
    await shot(citizen, pic('10-blocked-profile'));
    await citizen.goto(`${s.url}/web/blocks`);
    const blocked = citizen.getByRole('region', { name: '已拉黑的账号' });
    await blocked.getByText(`@${author}`, { exact: true }).waitFor();
    await checkPage(citizen);
    await shot(citizen, pic('11-blocks'));
    await blocked.getByRole('button', { name: `取消拉黑 @${author}` }).click();
    await blocked.getByText('没有拉黑任何账号。').waitFor();
    expect(actors.pageErrors).toEqual([]);
  });

  it('reports a post citing the rules; a reviewer assigns, warns and marks sensitive; an admin silences', async () => {
    // A reviewer is on duty before the reports come in (moderators are told of new ones).
    const reviewerName = `shenhe_${tag}`;
    await createUser(s.ctx, { username: reviewerName, role: 'reviewer', password: 'reviewer pass 1' });
    // The report dialog from a post's menu: the post already ticked, the provider's rules to cite.
    await citizen.goto(`${s.url}/web/@${author}`);
    const post = citizen.getByRole('region', { name: '微博', exact: true }).locator('article.status', { hasText: '上午十点' });
    await post.getByRole('button', { name: '更多操作' }).click();
    await post.getByRole('button', { name: '举报', exact: true }).click();
    const dialog = citizen.getByRole('dialog', { name: `举报 @${author}` });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: '违反站点规则' }).check();
    await dialog.getByRole('checkbox', { name: /不得发布虚假信息或谣言/ }).check();
    const picked = dialog.getByRole('checkbox', { name: /上午十点/ });
    expect(await picked.isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: /意见征集/ }).check();
    await dialog.getByLabel('补充说明').fill('发布会时间前后不一，可能误导群众。');
    await checkPage(citizen);
    await shot(citizen, pic('12-report-dialog'), false);
    await dialog.getByRole('button', { name: '提交举报' }).click();
    await dialog.getByText('举报已提交，感谢你的反馈。').waitFor();
    await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
    await dialog.waitFor({ state: 'detached' });

    // A second report, from the profile: spam, no rules.
    await citizen.getByRole('button', { name: '举报', exact: true }).click();
    const second = citizen.getByRole('dialog', { name: `举报 @${author}` });
    await second.getByRole('radio', { name: '垃圾信息' }).check();
    await second.getByLabel('补充说明').fill('重复发布相同内容。');
    await second.getByRole('button', { name: '提交举报' }).click();
    await second.getByText('举报已提交，感谢你的反馈。').waitFor();
    await citizen.keyboard.press('Escape');
    await second.waitFor({ state: 'detached' });

    // A reviewer: the queue, the report with its rules and posts, assign to me, a warning, then "sensitive".
    const reviewer = await actors.newActor(screen);
    await signInThroughOAuth(reviewer, s.url, reviewerName, 'reviewer pass 1');
    await reviewer.getByRole('link', { name: '举报处理' }).click();
    const item = reviewer.getByTestId('report').filter({ hasText: `@${author}` }).filter({ hasText: '违反站点规则' });
    await item.waitFor();
    await checkPage(reviewer);
    await shot(reviewer, pic('13-queue'));
    await item.getByRole('link', { name: /举报 #\d+/ }).click();
    await reviewer.getByRole('heading', { name: /举报 #\d+/ }).waitFor();
    await reviewer.getByText('不得发布虚假信息或谣言').waitFor();
    await reviewer.locator('.report-cited .status-content', { hasText: '上午十点' }).waitFor();
    await reviewer.locator('.report-cited .status-content', { hasText: '意见征集' }).waitFor();
    await reviewer.getByText('发布会时间前后不一').waitFor();
    await reviewer.getByRole('button', { name: '分配给我' }).click();
    await reviewer.getByText(`@${reviewerName}`).waitFor();
    // A reviewer may warn and mark sensitive; limiting and suspending are not offered.
    const actions = reviewer.getByRole('group', { name: '处置方式' });
    expect(await actions.getByRole('radio').count()).toBe(2);
    expect(await reviewer.getByRole('radio', { name: '封禁' }).count()).toBe(0);
    expect(await reviewer.getByRole('radio', { name: /限制/ }).count()).toBe(0);
    await actions.getByRole('radio', { name: '警告' }).check();
    await reviewer.getByLabel('告知该账号的说明').fill('请核实信息后再发布，避免前后矛盾。');
    await checkPage(reviewer);
    await shot(reviewer, pic('14-report-open'));
    await reviewer.getByRole('button', { name: '执行处置' }).click();
    await reviewer.getByText('已执行：警告').waitFor();
    await reviewer.locator('.page-title .pill', { hasText: '已处理' }).waitFor();
    await reviewer.getByRole('button', { name: '重新打开' }).click();
    await reviewer.locator('.page-title .pill', { hasText: '待处理' }).waitFor();
    await actions.getByRole('radio', { name: '标记为敏感' }).check();
    await reviewer.getByRole('button', { name: '执行处置' }).click();
    await reviewer.getByText('已执行：标记为敏感').waitFor();
    await reviewer.locator('.page-title .pill', { hasText: '已处理' }).waitFor();
    await reviewer.locator('.report-account .pill', { hasText: '已标记敏感' }).waitFor();
    await checkPage(reviewer);
    await shot(reviewer, pic('15-report-acted'));
    // "Sensitive" settles every open report about the account; the resolved list has both.
    await reviewer.getByRole('link', { name: /返回举报列表/ }).click();
    await reviewer.getByRole('button', { name: '已处理', exact: true }).click();
    await expect.poll(() => reviewer.getByTestId('report').filter({ hasText: `@${author}` }).count()).toBe(2);
    // The account was told, with the warning's text, and never who reported it.
    const warnings = await s.call('GET', '/api/v1/notifications', { token: await tokenOf(organ) });
    expect((warnings.json as { type: string }[]).filter((n) => n.type === 'moderation_warning').length).toBe(2);
    await organ.getByRole('link', { name: '通知' }).click();
    const told = organ.getByTestId('moderation-warning');
    await expect.poll(() => told.count()).toBe(2);
    await told.filter({ hasText: '处置：警告' }).getByText('请核实信息后再发布，避免前后矛盾。').waitFor();
    await told.filter({ hasText: '处置：标记为敏感' }).waitFor();
    expect(await organ.locator('.notif-moderation_warning', { hasText: reader }).count()).toBe(0);
    await checkPage(organ);
    await shot(organ, pic('15b-warned'));
    // The moderators were told of the new report, with a way to it.
    await reviewer.getByRole('link', { name: '通知' }).click();
    await reviewer.getByText(`${reader} 提交了新的举报`).first().waitFor();
    await reviewer.getByRole('link', { name: '查看举报' }).first().waitFor();

    // An admin sees every action, and limits the account from a reopened report.
    const adminName = `guanli_${tag}`;
    await createUser(s.ctx, { username: adminName, role: 'admin', password: 'admin pass 12' });
    const admin = await actors.newActor(screen);
    await signInThroughOAuth(admin, s.url, adminName, 'admin pass 12');
    await admin.getByRole('link', { name: '举报处理' }).click();
    await admin.getByRole('button', { name: '已处理', exact: true }).click();
    await admin.getByTestId('report').filter({ hasText: `@${author}` }).filter({ hasText: '垃圾信息' }).getByRole('link', { name: /举报 #\d+/ }).click();
    await admin.getByRole('button', { name: '重新打开' }).click();
    const adminActions = admin.getByRole('group', { name: '处置方式' });
    expect(await adminActions.getByRole('radio').count()).toBe(5);
    await adminActions.getByRole('radio', { name: '封禁' }).waitFor();
    await adminActions.getByRole('radio', { name: /限制/ }).check();
    await admin.getByRole('button', { name: '执行处置' }).click();
    await admin.getByText(/已执行：限制/).waitFor();
    await admin.locator('.report-account .pill', { hasText: '已限制' }).waitFor();
    await checkPage(admin);
    await shot(admin, pic('16-admin-silenced'));

    // A citizen has no queue: no link, and the page says why.
    expect(await citizen.getByRole('link', { name: '举报处理' }).count()).toBe(0);
    await citizen.goto(`${s.url}/web/moderation`);
    await citizen.getByText('仅审核员和管理员可访问此页面。').waitFor();

    expect(actors.dialogs).toEqual([]);
    expect(actors.pageErrors).toEqual([]);
  });
});
