import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../accounts/sign-up.js';
import { Actors, PHONE, ROOT, checkPage, ensureBuilt, launchBrowser, shot, signUpThroughUi as signUpAt, tokenOf, unlabelled } from '../../../../test/browser.js';
import { creditCodeFor, staffUser } from '../../../../test/factories.js';
import { fastOrgan } from '../../../../test/gov-cast.js';
import { listeningServer, type TestServer } from '../../../../test/http.js';
import { photoJpeg, pngImage } from '../../../../test/images.js';

/**
 * The web UI in a real browser (Debian's chromium) against a real provider:
 * sign-up, verification and its review, the badge, posting, following,
 * replying, a service request from submission to rating, the dashboard's
 * charts, and a post of markup that must stay text. Screenshots are kept in
 * test-artifacts/; two of them illustrate the README.
 */
const README_SHOTS = join(ROOT, 'docs', 'screenshots');
/** The README's pictures are tracked files: refresh them only when asked (GOVBLOG_UPDATE_SCREENSHOTS=1 npx vitest run …). */
const updateReadmeShot = (from: string, name: string) => {
  if (process.env.GOVBLOG_UPDATE_SCREENSHOTS === '1') copyFileSync(from, join(README_SHOTS, name));
};
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/** A census report as `govblog census report --format json` writes it (CONTRACT §3), small but complete. */
function reportFixture() {
  const zeros = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  return {
    cutoff: '2012-12-20',
    total: 176714,
    previous: { cutoff: '2011-12-10', total: 50561 },
    growth: { ratio: 3.495, increase: 2.495 },
    institutional: {
      total: 113382,
      public_security: 41951,
      by_organ: { ...zeros(['party', 'legislature', 'government', 'political_advisory', 'discipline', 'court', 'procuratorate', 'public_institution', 'mass_organization']), party: 9120, legislature: 1210, government: 78400, political_advisory: 640, discipline: 2310, court: 8230, procuratorate: 4520, public_institution: 7152, mass_organization: 1800 },
      by_level: { national: 682, provincial: 5310, prefectural: 24120, county: 58970, township: 24300 },
    },
    individual: {
      total: 63332,
      public_security: 24699,
      grassroots: 41799,
      provincial_ministerial_leaders: 633,
      by_organ: { party: 12010, legislature: 820, government: 40120, political_advisory: 910, discipline: 1220, court: 3900, procuratorate: 2100, public_institution: 1552, mass_organization: 700 },
      by_level: { national: 1510, provincial: 9012, prefectural: 18230, county: 24010, township: 10570 },
      by_rank: { ministerial: 633, bureau: 5120, division: 16420, section: 14010, staff: 11369 },
    },
    by_provider: {
      'weibo.example': { total: 86122, institutional: 55120, individual: 31002 },
      't.qq.example': { total: 70342, institutional: 45010, individual: 25332 },
      'people.example': { total: 12050, institutional: 8100, individual: 3950 },
      'xinhua.example': { total: 8200, institutional: 5152, individual: 3048 },
    },
    provider_names: {
      'weibo.example': { zh: '新浪微博', en: 'Sina Weibo' },
      't.qq.example': { zh: '腾讯微博', en: 'Tencent Weibo' },
      'people.example': { zh: '人民微博', en: 'People’s Weibo' },
      'xinhua.example': { zh: '新华微博', en: 'Xinhua Weibo' },
    },
    by_province: {
      '11': { total: 9120, institutional: 6010, individual: 3110 },
      '31': { total: 6210, institutional: 4100, individual: 2110 },
      '32': { total: 11020, institutional: 7300, individual: 3720 },
      '33': { total: 9810, institutional: 6400, individual: 3410 },
      '37': { total: 8120, institutional: 5200, individual: 2920 },
      '41': { total: 7420, institutional: 4710, individual: 2710 },
      '42': { total: 6020, institutional: 3810, individual: 2210 },
      '43': { total: 5210, institutional: 3300, individual: 1910 },
      '44': { total: 14230, institutional: 9020, individual: 5210 },
      '51': { total: 7012, institutional: 4510, individual: 2502 },
      '53': { total: 3220, institutional: 2120, individual: 1100 },
      '61': { total: 2810, institutional: 1810, individual: 1000 },
    },
    ranking: {
      institutional: [
        { place: 1, name: '平安北京', provider: 'weibo.example', handle: 'pinganbeijing', followers: 4812345, posts: 31020, verification: '北京市公安局官方微博', reach: 1, activity: 0.9712, service: 0.874, index: 95.6 },
        { place: 2, name: '成都发布', provider: 'weibo.example', handle: 'chengdufabu', followers: 3521004, posts: 25110, verification: '成都市人民政府新闻办公室', reach: 0.9795, activity: 0.952, service: 0.811, index: 93.1 },
        { place: 3, name: '上海发布', provider: 't.qq.example', handle: 'shanghaifabu', followers: 3120987, posts: 21403, verification: '上海市人民政府新闻办公室', reach: 0.9715, activity: 0.9365, service: 0.79, index: 92.0 },
      ],
      individual: [
        { place: 1, name: '蔡奇', provider: 'weibo.example', handle: 'caiqi', followers: 5120331, posts: 14010, verification: '浙江省委常委、组织部部长', reach: 1, activity: 1, service: null, index: 100 },
        { place: 2, name: '伍皓', provider: 't.qq.example', handle: 'wuhao', followers: 1204411, posts: 9021, verification: '云南省红河州委常委、宣传部部长', reach: 0.9068, activity: 0.9578, service: null, index: 92.6 },
      ],
    },
    service_quality: (() => {
      const f = (accounts: number, requests: number, answered: number, hours: number | null, rating: number | null, ratings: number) => ({
        accounts,
        requests,
        answered,
        response_rate: requests ? Math.round((answered / requests) * 10000) / 10000 : null,
        hours_to_first_response: hours,
        average_rating: rating,
        ratings,
      });
      const none = f(0, 0, 0, null, null, 0);
      return {
        method: { zh: '服务质量依据各账号记录中的诉求统计。', en: 'Service quality sums the request statistics.' },
        total: f(3, 1300, 1000, 6.5, 4.1, 420),
        by_kind: { institutional: f(3, 1300, 1000, 6.5, 4.1, 420), individual: none },
        by_organ: { ...Object.fromEntries(['party', 'legislature', 'political_advisory', 'discipline', 'court', 'procuratorate', 'public_institution', 'mass_organization'].map((k) => [k, none])), government: f(3, 1300, 1000, 6.5, 4.1, 420) },
        national: none,
        by_province: { '11': f(2, 1000, 820, 5.2, 4.3, 400), '44': f(1, 300, 180, 12, 2.5, 20) },
      };
    })(),
    trend: [
      { cutoff: '2010-12-10', total: 20112, institutional: 12010, individual: 8102 },
      { cutoff: '2011-12-10', total: 50561, institutional: 32358, individual: 18203 },
      { cutoff: '2012-12-20', total: 176714, institutional: 113382, individual: 63332 },
    ],
    rejected: { lines: 0, examples: [] },
  };
}

let s: TestServer & { url: string };
let browser: Browser;
let actors: Actors;
let reportDir: string;
let dialogs: string[] = [];
let pageErrors: string[] = [];

const newActor = (): Promise<Page> => actors.newActor();
const signUpThroughUi = (page: Page, username: string) => signUpAt(page, s.url, username, `00-signup-${username}`);

describe('web UI in a browser', () => {
  beforeAll(async () => {
    mkdirSync(README_SHOTS, { recursive: true });
    await ensureBuilt();
    reportDir = mkdtempSync(join(tmpdir(), 'govblog-report-'));
    const reportPath = join(reportDir, 'report.json');
    writeFileSync(reportPath, JSON.stringify(reportFixture()));
    s = await listeningServer('sqlite', { reportPath, provider: 'gov.example' });
    browser = await launchBrowser();
    actors = new Actors(browser);
    dialogs = actors.dialogs;
    pageErrors = actors.pageErrors;
  }, 120_000);

  afterAll(async () => {
    await actors?.close();
    await browser?.close();
    await s?.close();
    if (reportDir) rmSync(reportDir, { recursive: true, force: true });
  });

  it('clicks through sign-up, verification, review, posting, following, replying, a service request and the dashboard', async () => {
    // The organ signs up through the UI and names itself before it is verified (verified accounts cannot rename).
    const organ = await newActor();
    await signUpThroughUi(organ, 'pingan_bj');
    await organ.goto(`${s.url}/web/@pingan_bj`);
    await organ.getByRole('button', { name: '编辑资料' }).click();
    await organ.getByLabel('名称').fill('平安北京');
    await organ.getByLabel('简介').fill('北京市公安局官方微博。服务群众，保一方平安。');
    // And uploads its avatar: the profile then shows the stored picture, not the default.
    await organ.getByLabel('头像').setInputFiles({ name: 'badge.png', mimeType: 'image/png', buffer: await pngImage(600, 600) });
    await organ.getByRole('button', { name: '保存' }).click();
    await organ.getByRole('heading', { level: 1, name: /平安北京/ }).waitFor();
    await expect.poll(() => organ.locator('.profile img.avatar').first().getAttribute('src')).toMatch(/\/system\/media\/[0-9a-f]{32}\.png$/);

    // The verification form: a wrong credit code is refused with the API's field error, the right one goes through.
    await organ.getByRole('link', { name: '认证申请' }).click();
    await organ.getByLabel('机构全称').fill('北京市公安局');
    await organ.getByLabel('机构系统').selectOption('government');
    await organ.getByLabel('属于公安系统').check();
    await organ.getByLabel('行政级别').selectOption('provincial');
    await organ.getByLabel('行政区划代码').fill('110000');
    const good = creditCodeFor('110000', 4217);
    const bad = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    await organ.getByLabel('统一社会信用代码').fill(bad);
    await organ.getByLabel('认证信息（将公开显示）').fill('北京市公安局官方微博');
    await organ.getByLabel('证明材料').fill('京公函〔2012〕17号');
    await organ.getByRole('button', { name: '提交申请' }).click();
    const fieldError = organ.locator('.field-error[data-field="credit_code"]');
    await fieldError.waitFor();
    // Said in Chinese from the field's reason, not the server's English ("has a wrong check character").
    expect(await fieldError.textContent()).toMatch(/校验码不正确/);
    expect(await organ.locator('.error[role="alert"]').textContent()).toMatch(/请检查填写的内容/);
    expect(await organ.locator('main').textContent()).not.toMatch(/Validation failed|check character|credit_code/);
    await shot(organ, '01-verify-field-error');
    expect(await unlabelled(organ)).toEqual([]);
    // Evidence files: a type the provider does not take is refused in Chinese before anything is sent; a picked file can be removed.
    const picker = organ.getByLabel(/证明文件/);
    await picker.setInputFiles({ name: 'seal.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
    expect(await organ.locator('.field-error[data-field="evidence_files"]').textContent()).toMatch(/seal\.svg.*只能上传 JPEG、PNG、WebP 图片或 PDF 文件/);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    await picker.setInputFiles([
      { name: '公函扫描件.png', mimeType: 'image/png', buffer: await pngImage(300, 200) },
      { name: '证书.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: '多余.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    await organ.getByRole('button', { name: '移除“多余.pdf”' }).click();
    expect(await organ.getByRole('list', { name: '已选的证明文件' }).getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('公函扫描件.png'), expect.stringContaining('证书.pdf')]);
    expect(await unlabelled(organ)).toEqual([]);
    await organ.getByLabel('统一社会信用代码').fill(good);
    await organ.getByRole('button', { name: '提交申请' }).click();
    await organ.getByTestId('pending-notice').waitFor();
    await shot(organ, '02-verify-pending');

    // A reviewer signs in through the OAuth page (authorization code with PKCE) and approves in the queue.
    await createUser(s.ctx, { username: 'shenhe', role: 'reviewer', password: 'reviewer pass 1' });
    const reviewer = await newActor();
    await reviewer.goto(`${s.url}/web/signin`);
    await reviewer.getByRole('button', { name: '前往登录' }).click();
    await reviewer.waitForURL(/\/oauth\/authorize\?/);
    expect(new URL(reviewer.url()).searchParams.get('code_challenge_method')).toBe('S256');
    await reviewer.locator('#login').fill('shenhe');
    await reviewer.locator('#password').fill('reviewer pass 1');
    await reviewer.getByRole('button', { name: /登录并授权/ }).click();
    await reviewer.waitForURL(`${s.url}/web/`);
    await reviewer.getByRole('link', { name: '认证审核' }).click();
    const application = reviewer.getByTestId('application').filter({ hasText: '北京市公安局' });
    await application.waitFor();
    await expect.poll(() => application.textContent()).toContain('京公函〔2012〕17号');
    // The scans, fetched with the reviewer's token: the picture as a thumbnail that decoded, the PDF as a download.
    const thumb = application.getByTestId('evidence-image');
    await thumb.waitFor();
    await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(300);
    expect(await application.getByTestId('evidence-pdf').getAttribute('download')).toBe('证书.pdf');
    await shot(reviewer, '03-review-queue');
    expect(await unlabelled(reviewer)).toEqual([]);
    // The division's name beside its code; the name the organ chose for itself is the default verified name.
    await expect.poll(() => application.textContent()).toContain('110000 北京市');
    expect(await application.getByLabel('保留现有昵称：平安北京').isChecked()).toBe(true);
    await application.getByLabel(/审核意见/).fill('材料齐全，信用代码核验无误');
    await application.getByRole('button', { name: '通过' }).click();
    await reviewer.getByText(/北京市公安局：已处理：已通过/).waitFor();
    expect(await reviewer.getByTestId('application').count()).toBe(0);

    // The badge appears on the organ's profile, with its government profile.
    await organ.goto(`${s.url}/web/@pingan_bj`);
    const badge = organ.locator('.profile .badge-institutional');
    await badge.waitFor();
    expect(await badge.textContent()).toContain('机构认证');
    await organ.getByRole('region', { name: '政务信息' }).getByText('北京市公安局官方微博').waitFor();

    // Posting from the home page, with the live counter (a link counts 23).
    await organ.getByRole('link', { name: '首页' }).click();
    const compose = organ.getByLabel('发布微博', { exact: true });
    const notice = '【出行提示】今冬首场降雪，请市民朋友减速慢行。详情 https://example.com/a/very/long/path/that/still/counts/as/twenty-three';
    await compose.fill(notice);
    expect(await organ.getByTestId('counter').first().textContent()).toBe(`还可输入 ${500 - ([...'【出行提示】今冬首场降雪，请市民朋友减速慢行。详情 '].length + 23)} 字`);
    await compose.fill('政'.repeat(501));
    expect(await organ.getByTestId('counter').first().textContent()).toBe('已超出 1 字');
    expect(await organ.getByRole('button', { name: '发布', exact: true }).isDisabled()).toBe(true);
    // Markup in a post is text: posted first, so the README's profile picture leads with the notice.
    await compose.fill(XSS);
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    await organ.locator('.status-content', { hasText: '<script>alert(1)</script>' }).first().waitFor();
    await compose.fill(notice);
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    await organ.locator('.status-content', { hasText: '今冬首场降雪' }).first().waitFor();
    await compose.fill('#平安出行# 雪天路滑，驾车请保持车距，步行注意防滑。遇到紧急情况请拨打 110。');
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    await organ.locator('.status-content a.hashtag').first().waitFor();
    // An image with its alt text: picked, uploaded, described, posted, shown in the post's gallery.
    await organ.getByLabel('添加图片').setInputFiles({ name: 'snow.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(1200, 800) });
    const alt = organ.getByLabel('图片描述（供视障用户使用）');
    await alt.fill('长安街上的积雪与扫雪车');
    await expect.poll(() => organ.getByRole('button', { name: '发布', exact: true }).isDisabled()).toBe(false);
    await compose.fill('#平安出行# 扫雪现场');
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    const pictured = organ.locator('article.status', { hasText: '扫雪现场' }).first().locator('.media-grid img[alt="长安街上的积雪与扫雪车"]');
    await pictured.waitFor();
    await expect.poll(() => pictured.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await pictured.getAttribute('src')).toMatch(/\/system\/media\/[0-9a-f]{32}\.jpg$/);
    await shot(organ, '04-home-posted');
    expect(await unlabelled(organ)).toEqual([]);
    // The picture opens in the viewer, full size with its alt text beneath, and Escape closes it.
    await pictured.click();
    const viewer = organ.getByRole('dialog', { name: '图片' });
    await viewer.locator('figcaption', { hasText: '长安街上的积雪与扫雪车' }).waitFor();
    expect(await viewer.locator('img').getAttribute('src')).toMatch(/\/system\/media\/[0-9a-f]{32}\.jpg$/);
    await shot(organ, '04b-image-viewer');
    await organ.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);

    // A citizen signs up, follows the organ, sees the markup as text, and replies.
    const citizen = await newActor();
    await signUpThroughUi(citizen, 'zhang_san');
    await citizen.goto(`${s.url}/web/@pingan_bj`);
    await citizen.getByRole('button', { name: '关注', exact: true }).click();
    await citizen.getByRole('button', { name: '取消关注' }).waitFor();
    await citizen.getByText(XSS, { exact: true }).waitFor();
    expect(await citizen.locator('.status-content img').count()).toBe(0);
    expect(await citizen.locator('.status-content script').count()).toBe(0);
    const post = citizen.locator('article.status', { hasText: '今冬首场降雪' });
    await post.getByRole('button', { name: /回复/ }).click();
    await post.getByLabel('回复 @pingan_bj').fill('@pingan_bj 请问明早地铁会加开班次吗？');
    await post.getByRole('button', { name: '回复', exact: true }).click();
    await expect.poll(() => post.locator('.status-actions .count').first().textContent()).toBe('1');
    await post.locator('.status-time').click();
    await citizen.locator('.thread-replies .status-content', { hasText: '加开班次' }).waitFor();
    await shot(citizen, '06-thread');
    await citizen.goto(`${s.url}/web/@pingan_bj`);
    await citizen.getByRole('button', { name: '取消关注' }).waitFor();
    await citizen.locator('article.status', { hasText: '今冬首场降雪' }).waitFor();
    const organShot = await shot(citizen, '05-organ-profile');
    updateReadmeShot(organShot, 'organ-profile.png');

    // Search: two characters of the verification text (公安) suggest the organ as one types; Enter opens the results; a result opens the profile.
    const box = citizen.getByRole('combobox', { name: '搜索账号、话题和微博' });
    await box.fill('公安');
    await citizen.getByRole('option', { name: /平安北京/ }).waitFor();
    await shot(citizen, '05b-search-suggestions', false);
    await box.press('Enter');
    await citizen.getByRole('heading', { name: '“公安”的搜索结果' }).waitFor();
    await citizen.locator('.search-account', { hasText: '平安北京' }).waitFor();
    // The organ's post is found by two of its characters too (降雪), on a phone-sized screen.
    await citizen.setViewportSize({ width: 390, height: 844 });
    await box.fill('降雪');
    await box.press('Enter');
    await citizen.getByRole('heading', { name: '“降雪”的搜索结果' }).waitFor();
    await citizen.locator('article.status', { hasText: '今冬首场降雪' }).waitFor();
    await shot(citizen, '05c-search-phone');
    expect(await unlabelled(citizen)).toEqual([]);
    await citizen.setViewportSize({ width: 1200, height: 860 });
    await box.fill('公安');
    await box.press('Enter');
    await citizen.locator('.search-account').getByRole('link', { name: '平安北京' }).click();
    await expect.poll(() => citizen.url()).toBe(`${s.url}/web/@pingan_bj`);
    // The citizen's home timeline shows the organ's next post as it is published, without a reload (the streaming API).
    await citizen.getByRole('link', { name: '首页' }).click();
    await citizen.locator('article.status', { hasText: '今冬首场降雪' }).waitFor();
    await organ.getByRole('link', { name: '首页' }).click();
    await organ.getByLabel('发布微博', { exact: true }).fill('【实时】雪已停，主干道已完成除冰。');
    await organ.getByRole('button', { name: '发布', exact: true }).click();
    await citizen.locator('.status-content', { hasText: '主干道已完成除冰' }).waitFor();
    expect(await citizen.locator('.status-content', { hasText: '主干道已完成除冰' }).count()).toBe(1);

    // The organ's home timeline and notifications: the follow and the reply arrive.
    await organ.getByRole('link', { name: '通知' }).click();
    await organ.getByText('zhang_san 回复了你').first().waitFor();
    await organ.getByText('zhang_san 关注了你').waitFor();
    await organ.getByTestId('verification-decision').getByText('你的认证申请“北京市公安局”已通过，账号名称为“平安北京”。').waitFor();
    await shot(organ, '06b-notifications');

    // A service request from submission to rating.
    await citizen.goto(`${s.url}/web/@pingan_bj`);
    await citizen.getByRole('link', { name: '发起服务请求' }).click();
    await citizen.getByLabel('类别').selectOption('inquiry');
    await citizen.getByLabel('请求内容').fill('我的身份证即将到期，请问在哪里可以办理换领？需要带哪些材料？');
    await citizen.getByLabel('公开（在机构服务记录中展示）').check();
    expect(await unlabelled(citizen)).toEqual([]);
    await citizen.getByRole('button', { name: '提交请求' }).click();
    await citizen.waitForURL(/\/web\/requests\/\d+$/);
    const requestUrl = citizen.url();
    await citizen.locator('.page-title .pill', { hasText: '已提交' }).waitFor();

    await organ.getByRole('link', { name: '服务请求' }).click();
    await organ.getByRole('link', { name: /服务请求 #\d+/ }).first().click();
    await organ.getByRole('button', { name: '受理' }).click();
    await organ.getByLabel('答复内容').fill('可到户籍所在地派出所办理，携带原身份证及近期免冠照片，也可在网上预约。');
    await organ.getByRole('button', { name: '答复', exact: true }).click();
    await organ.getByRole('button', { name: '办结' }).click();
    await organ.locator('.page-title .pill', { hasText: '已办结' }).waitFor();

    await citizen.goto(requestUrl);
    await citizen.locator('.response', { hasText: '可到户籍所在地派出所办理' }).waitFor();
    await citizen.getByLabel(/^5/).check();
    await citizen.getByRole('button', { name: '评价' }).click();
    await citizen.getByText('评分：5 / 5').first().waitFor();
    await shot(citizen, '07-request-rated');

    // The organ's public service record.
    await citizen.goto(`${s.url}/web/@pingan_bj/service`);
    await citizen.getByText('5 / 5').first().waitFor();
    await citizen.getByText('100%').waitFor();
    await shot(citizen, '08-service-record');

    // Operators: the organ adds the citizen and removes them again.
    await organ.goto(`${s.url}/web/@pingan_bj/operators`);
    await organ.getByLabel('运营人员用户名').fill('zhang_san');
    await organ.getByRole('button', { name: '添加', exact: true }).click();
    await organ.getByRole('button', { name: '移除 @zhang_san' }).waitFor();
    await shot(organ, '09-operators');
    // The operator takes the organ's token from its profile, acts as it, and comes back.
    await citizen.goto(`${s.url}/web/@pingan_bj`);
    await citizen.getByRole('button', { name: '以该机构身份操作' }).click();
    await citizen.getByText('正在以 平安北京 的身份操作').waitFor();
    await citizen.getByRole('button', { name: '返回我的账号' }).click();
    await citizen.locator('.site-header .me', { hasText: 'zhang_san' }).waitFor();
    await organ.getByRole('button', { name: '移除 @zhang_san' }).click();
    await organ.getByText('还没有运营人员。').waitFor();

    // The organ's analytics, drawn by echarts.
    await organ.goto(`${s.url}/web/@pingan_bj/analytics`);
    for (const id of ['chart-followers', 'chart-activity', 'chart-service']) await expect.poll(() => organ.locator(`[data-testid="${id}"] svg path`).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(organ, '10-analytics');
    expect(await unlabelled(organ)).toEqual([]);

    // The census dashboard: the report's figures and every chart.
    await citizen.getByRole('link', { name: '普查报告' }).click();
    await expect.poll(() => citizen.getByTestId('census-total').textContent()).toBe('176,714');
    const charts = ['chart-kinds', 'chart-providers', 'chart-organs', 'chart-levels', 'chart-ranks', 'chart-police', 'chart-provinces'];
    // Each chart is an SVG with its marks drawn (bars, sectors, axes), not an empty box.
    for (const id of charts) await expect.poll(() => citizen.locator(`[data-testid="${id}"] svg path`).count()).toBeGreaterThan(4);
    await citizen.locator('[data-testid="chart-provinces"] svg text', { hasText: '广东' }).first().waitFor();
    // The service quality (by province, then by organ kind) and the trend over the three census dates, in the report's words.
    await expect.poll(() => citizen.locator('[data-testid="chart-trend"] svg path').count()).toBeGreaterThan(4);
    expect(await citizen.getByTestId('census-trend').textContent()).toContain('历年趋势');
    const service = citizen.getByTestId('census-service-table');
    expect(await service.locator('tbody tr').first().textContent()).toContain('北京');
    expect(await citizen.getByTestId('census-service').textContent()).toContain('首次回复时长（小时，中位数加权平均）');
    await citizen.getByRole('button', { name: '服务质量：按机构类别' }).click();
    await expect.poll(() => service.locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('1,300')]);
    await citizen.waitForTimeout(400); // let the entry animation settle before the picture
    const dashboardShot = await shot(citizen, '11-dashboard');
    updateReadmeShot(dashboardShot, 'dashboard.png');

    // The same dashboard on a phone: no sideways scroll, every chart inside its card, the tab bar under the thumb.
    await citizen.setViewportSize({ width: PHONE.width, height: PHONE.height });
    await citizen.waitForTimeout(400); // charts redraw to their new width
    await checkPage(citizen);
    const clipped = await citizen.evaluate(`[...document.querySelectorAll('.chart')].filter((c) => {
      const svg = c.querySelector('svg');
      return !svg || svg.getBoundingClientRect().width > c.getBoundingClientRect().width + 1;
    }).length`);
    expect(clipped).toBe(0);
    // Providers by the names people know them by, in the chart and the rankings.
    await citizen.locator('[data-testid="chart-providers"] svg text', { hasText: '新浪微博' }).first().waitFor();
    expect(await citizen.locator('.ranking').first().textContent()).toContain('腾讯微博');
    const tabs = citizen.getByRole('navigation', { name: '快捷导航' });
    expect(await tabs.isVisible()).toBe(true);
    expect(await tabs.locator('a > span:not(.unread-badge)').allTextContents()).toEqual(['首页', '发现', '通知', '私信', '我']);
    // What a phone shows first (a full-page picture would draw the fixed tab bar in the middle of the page).
    await citizen.evaluate('window.scrollTo(0, 0)');
    updateReadmeShot(await shot(citizen, '11b-dashboard-phone', false), 'dashboard-phone.png');
    await citizen.setViewportSize({ width: 1200, height: 900 });
    expect(await tabs.isVisible()).toBe(false);

    // The English switch, remembered across a reload, with the page's language set.
    await citizen.getByRole('button', { name: '切换到英文' }).click();
    await citizen.getByRole('heading', { name: 'Census of government microblogs' }).waitFor();
    await citizen.reload();
    expect(await citizen.evaluate('document.documentElement.lang')).toBe('en');
    await citizen.getByRole('link', { name: 'Census', exact: true }).waitFor();
    await shot(citizen, '12-dashboard-en', false);

    // Keyboard: on a fresh page the skip link is the first stop, and it leads to the content.
    await citizen.goto(`${s.url}/web/public`);
    await citizen.getByRole('heading', { name: 'Public timeline' }).waitFor();
    await citizen.keyboard.press('Tab');
    expect(await citizen.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Skip to content');
    await citizen.keyboard.press('Enter');
    expect(await citizen.evaluate('location.hash')).toBe('#main');

    // Signing out revokes the token at the provider.
    const token = (await citizen.evaluate('localStorage.getItem("govblog.token")')) as string;
    expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(200);
    await citizen.getByRole('button', { name: 'Sign out' }).click();
    await citizen.getByRole('link', { name: 'Sign in' }).first().waitFor();
    await expect.poll(async () => (await s.call('GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(401);

    // An anonymous visitor's front page: what the service is, and the public timeline.
    const visitor = await newActor();
    await visitor.goto(`${s.url}/`);
    await visitor.getByRole('heading', { name: '欢迎来到政务微博' }).waitFor();
    await visitor.locator('.status-content', { hasText: '今冬首场降雪' }).waitFor();
    await shot(visitor, '13-front-page');

    // "Load more" follows the Link header past the first page of the public timeline.
    const organToken = (await organ.evaluate('localStorage.getItem("govblog.token")')) as string;
    for (let i = 1; i <= 20; i++) {
      const res = await s.call('POST', '/api/v1/statuses', { token: organToken, body: { status: `第 ${i} 条政务信息` } });
      expect(res.status).toBe(200);
    }
    await visitor.goto(`${s.url}/web/public`);
    await expect.poll(() => visitor.locator('article.status').count()).toBe(20);
    await visitor.getByRole('button', { name: '加载更多' }).click();
    await visitor.getByText('没有更多了').waitFor();
    // Six posts before these 20 (the markup, the notice, the hashtag, the image, the citizen's reply, the streaming step's).
    expect(await visitor.locator('article.status').count()).toBe(26);

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
  it("gives a press officer the organ's request inbox on a phone: filters, search, due order, overdue marks, assignment, staff in the history, the citizen told the step", async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await fastOrgan(s, reviewer.token);
    const organMe = (await s.call('GET', '/api/v1/accounts/verify_credentials', { token: organ.token })).json;
    const organName = organMe.username as string;
    // Approved without a name of its own, the organ is shown by the organ's name from its application.
    const organShown = (organMe.display_name as string) || organName;
    const officer = await actors.newActor(PHONE);
    await signUpAt(officer, s.url, 'press_zhao');
    const officerId = (await s.call('GET', '/api/v1/accounts/verify_credentials', { token: await tokenOf(officer) })).json.id as string;
    expect((await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operators`, { token: organ.token, body: { account_id: officerId } })).status).toBe(200);
    const asker = await actors.newActor(PHONE);
    await signUpAt(asker, s.url, 'asker_qian');
    const askerToken = await tokenOf(asker);
    const ask = async (category: string, text: string) => {
      const res = await s.call('POST', '/api/v1/gov/requests', { token: askerToken, body: { account_id: organ.id, category, text, visibility: 'private' } });
      expect(res.status).toBe(201);
      return res.json.id as string;
    };
    const late = await ask('complaint', '小区夜间施工噪音扰民，多次反映无人处理。');
    await ask('inquiry', '请问居住证续签需要哪些材料？');
    const urgent = await ask('help', '家中老人走失，请求帮助寻找。');
    // The complaint came in long ago: it is past its due time now.
    await s.ctx.db.updateTable('service_requests').set({ due_at: '2020-01-15T00:00:00.000Z' }).where('id', '=', Number(late)).execute();

    await officer.goto(`${s.url}/web/@${organName}`);
    await officer.getByRole('button', { name: '以该机构身份操作' }).click();
    // The organ's token is in place once the page says whom the officer acts as: only then may a reload keep it.
    await officer.getByText(`正在以 ${organShown} 的身份操作`).waitFor();
    await officer.goto(`${s.url}/web/requests`);
    const rows = officer.locator('.request-row');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.filter({ hasText: '噪音' }).locator('.pill-overdue', { hasText: '已逾期' }).waitFor();
    await checkPage(officer);

    const filters = officer.getByRole('search', { name: '筛选' });
    await filters.getByLabel('搜索请求内容').fill('居住证');
    await filters.getByRole('button', { name: '搜索', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText('居住证').waitFor();
    await officer.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    await filters.getByLabel('排序').selectOption('due');
    await expect.poll(() => rows.first().textContent()).toContain('噪音');
    await expect.poll(() => rows.nth(1).textContent()).toContain('老人走失');
    await filters.getByLabel('只看已逾期').check();
    await expect.poll(() => rows.count()).toBe(1);
    await shot(officer, '09-inbox-phone');
    await officer.getByRole('button', { name: '清除筛选' }).click();

    // The call for help is given to the press officer, who takes it on: the history names them.
    await officer.goto(`${s.url}/web/requests/${urgent}`);
    await officer.getByLabel('分派给').selectOption(officerId);
    await officer.getByRole('button', { name: '分派', exact: true }).click();
    await officer.getByTestId('request-assignee').filter({ hasText: 'press_zhao' }).waitFor();
    await officer.getByRole('button', { name: '受理' }).click();
    await officer.locator('.history li', { hasText: '受理' }).getByText(/经办人：press_zhao/).waitFor();
    await checkPage(officer);
    await shot(officer, '09b-request-assigned-phone');
    await officer.goto(`${s.url}/web/requests?box=received&assignee_id=${officerId}`);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await officer.getByRole('search', { name: '筛选' }).getByLabel('经办人').inputValue()).toBe(officerId);
    await officer.getByRole('button', { name: '取消分派' }).count().then((n) => expect(n).toBe(0));

    // The citizen sees the organ, not the staff member, and is told which step it took.
    await asker.goto(`${s.url}/web/requests/${urgent}`);
    await asker.locator('.history li', { hasText: '受理' }).getByText(organShown).waitFor();
    expect(await asker.getByText('press_zhao').count()).toBe(0);
    await asker.goto(`${s.url}/web/notifications`);
    await asker.getByText(`${organShown} 已受理你的服务请求`).waitFor();
    await checkPage(asker);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows a follow of a locked account as requested (已申请关注) until the account authorizes it from its notifications', async () => {
    const owner = await newActor();
    await signUpThroughUi(owner, 'locked_li');
    const row = await s.ctx.db.updateTable('accounts').set({ locked: 1 }).where('username_key', '=', 'locked_li').returning('id').executeTakeFirstOrThrow();
    s.ctx.cache.accounts.forget([Number(row.id)]);

    const asker = await newActor();
    await signUpThroughUi(asker, 'asker_wang');
    await asker.goto(`${s.url}/web/@locked_li`);
    await asker.getByRole('button', { name: '关注', exact: true }).click();
    await asker.getByRole('button', { name: '已申请关注' }).waitFor();
    expect(await asker.getByRole('button', { name: '取消关注' }).count()).toBe(0);
    // The requested state is the server's, not the button's memory.
    await asker.reload();
    await asker.getByRole('button', { name: '已申请关注' }).waitFor();
    await shot(asker, '08-follow-requested');

    await owner.getByRole('link', { name: '通知' }).click();
    const note = owner.locator('.notification', { hasText: 'asker_wang 申请关注你' });
    await note.waitFor();
    await note.getByRole('button', { name: '批准' }).click();
    await note.getByText('已批准').waitFor();

    await asker.reload();
    await asker.getByRole('button', { name: '取消关注' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
