import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { photoJpeg } from '../../test/images.js';
import { startJobRunner } from '../jobs/runner.js';
import { CARD_LIMITS, cardJobHandler } from './fetch-card.js';
import { firstLink } from './first-link.js';
import { pageCharset, parsePage } from './parse-page.js';

describe('reading a page for its card', () => {
  it('takes OpenGraph first, then Twitter, then the title and description; images made absolute', () => {
    const og = parsePage(
      `<html lang="zh-CN"><head><title>标题栏</title><meta property="og:title" content="  开放 &amp; 透明 "><meta name="twitter:title" content="推特"><meta property="og:description" content="说明"><meta property="og:image" content="/img/a.jpg"><meta property="og:image:alt" content="图片说明"><meta property="og:site_name" content="北京市政府"><meta property="article:published_time" content="2012-11-30T08:00:00+08:00"></head></html>`,
      'https://www.beijing.gov.cn/news/1.html',
    );
    expect(og).toEqual({
      title: '开放 & 透明',
      description: '说明',
      image: 'https://www.beijing.gov.cn/img/a.jpg',
      imageAlt: '图片说明',
      siteName: '北京市政府',
      authorName: '',
      language: 'zh',
      publishedAt: '2012-11-30T00:00:00.000Z',
      linkType: 'unknown',
    });
    expect(parsePage('<meta property="og:type" content="Article"><title>t</title>', 'https://a.example/').linkType).toBe('article');
    const twitter = parsePage(`<meta name="twitter:title" content="推特标题"><meta name="twitter:image" content="javascript:alert(1)"><meta name="description" content="页面描述">`, 'https://a.example/');
    expect([twitter.title, twitter.description, twitter.image]).toEqual(['推特标题', '页面描述', null]);
    expect(parsePage('<title>\n  只有标题\n</title><p>正文', 'https://a.example/').title).toBe('只有标题');
    expect(parsePage('<p>nothing</p>', 'https://a.example/').title).toBe('');
    expect(parsePage('<title>a\u0000b\u0007c\ud800d</title>', 'https://a.example/').title).toBe('abcd');
  });

  it('reads the charset from the header, else from the page, else UTF-8', () => {
    expect(pageCharset('text/html; charset=GBK', Buffer.from(''))).toBe('gbk');
    expect(pageCharset('text/html', Buffer.from('<meta charset="gb2312">'))).toBe('gb2312');
    expect(pageCharset('text/html', Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=gb18030">'))).toBe('gb18030');
    expect(pageCharset('text/html; charset=no-such', Buffer.from(''))).toBe('utf-8');
  });

  it('previews the first link that points elsewhere than this provider', () => {
    expect(firstLink('见 https://gov.example/self 与 http://www.gov.cn/a#top 和 https://b.example', 'https://gov.example')).toBe('http://www.gov.cn/a');
    expect(firstLink('没有链接 ftp://x.example', 'https://gov.example')).toBeNull();
    expect(firstLink(`https://a.example/${'x'.repeat(3000)} https://b.example/`, 'https://gov.example')).toBe('https://b.example/');
  });
});

/** A small site: pages, an image, redirects, and what a card must refuse. */
async function site() {
  const hits: string[] = [];
  const jpeg = await photoJpeg(1200, 800);
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const html = (body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    switch (req.url) {
      case '/notice':
        return html(`<html lang="zh"><head><meta property="og:title" content="关于冬季供暖的通知"><meta property="og:description" content="自11月15日起供暖"><meta property="og:image" content="/pic.jpg"><meta property="og:site_name" content="市住建委"></head><body>…</body></html>`);
      case '/pic.jpg':
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        return res.end(jpeg);
      case '/gbk':
        res.writeHead(200, { 'content-type': 'text/html; charset=gbk' });
        // <title>政府</title> in GBK.
        return res.end(Buffer.concat([Buffer.from('<title>'), Buffer.from([0xd5, 0xfe, 0xb8, 0xae]), Buffer.from('</title>')]));
      case '/moved':
        res.writeHead(302, { location: '/notice' });
        return res.end();
      case '/ftp':
        res.writeHead(301, { location: 'ftp://127.0.0.1/notice' });
        return res.end();
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return res.end(gzipSync('<title>压缩的页面</title>'));
      case '/bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        // 64 MiB of spaces in about 64 KiB.
        return res.end(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/json':
        return html('{"title":"not a page"}', 'application/json');
      case '/huge':
        return html(`<title>大</title>${'x'.repeat(CARD_LIMITS.page.maxBytes + 1)}`);
      case '/stall':
        return; // never answers
      case '/drip':
        // Headers at once, then a body that never ends.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<title>慢');
        return;
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('link preview cards (%s)', (dialect) => {
  let web: Awaited<ReturnType<typeof site>>;
  beforeAll(async () => {
    web = await site();
  });
  afterAll(async () => {
    await web.close();
  });

  describe('with private peers allowed (the test site is on 127.0.0.1)', () => {
    let s: TestServer;
    let author: Awaited<ReturnType<typeof citizen>>;
    beforeAll(async () => {
      s = await testServer(dialect, { allowPrivatePeers: true });
      author = await citizen(s);
    });
    afterAll(async () => {
      await s?.close();
    });
    /**
     * Runs every due job (a runner takes a few at a time). The backoff's
     * jitter is fixed at half its ceiling: with a real random source a failed
     * fetch is now and then due again within milliseconds and runs twice.
     */
    const runJobs = async () => {
      const runner = startJobRunner(s.ctx, [cardJobHandler], { start: false, random: () => 0.5 });
      let ran = 0;
      for (let n = await runner.runDue(); n > 0; n = await runner.runDue()) ran += n;
      return ran;
    };
    const post = async (status: string) => {
      const r = await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status } });
      expect(r.status, r.body).toBe(200);
      expect(r.json.card).toBeNull();
      return r.json.id as string;
    };

    it('fetches the first link’s card in a job, stores its image, and shows it on the next read (cache forgotten)', async () => {
      const id = await post(`供暖通知见 ${web.base}/notice 另见 ${web.base}/gbk`);
      // Read (and cached) before the card lands, through both paths.
      expect((await s.call('GET', `/api/v1/statuses/${id}`)).json.card).toBeNull();
      expect((await s.call('GET', `/api/v1/accounts/${author.id}/statuses`)).json[0].card).toBeNull();
      expect(await runJobs()).toBe(1);
      const card = (await s.call('GET', `/api/v1/statuses/${id}`)).json.card;
      expect(card).toMatchObject({ url: `${web.base}/notice`, title: '关于冬季供暖的通知', description: '自11月15日起供暖', type: 'link', provider_name: '市住建委', language: 'zh', html: '' });
      expect((await s.call('GET', `/api/v1/accounts/${author.id}/statuses`)).json[0].card).toEqual(card);
      // The image is this provider's copy, shrunk, with its blurhash: readers never load the linked site.
      expect(card.image.startsWith(`${s.ctx.config.publicUrl}/system/media/`)).toBe(true);
      expect(card.width * card.height).toBeLessThanOrEqual(640 * 360);
      expect(card.blurhash).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{6,}$/);
      const file = await s.call('GET', new URL(card.image).pathname);
      expect([file.status, file.headers['content-type']]).toEqual([200, 'image/jpeg']);
      expect(web.hits.filter((h) => h === '/pic.jpg')).toHaveLength(1);
    });

    it('keeps one card per URL: a second status linking it takes the stored card without a fetch', async () => {
      const before = web.hits.length;
      const id = await post(`再次提醒 ${web.base}/notice`);
      expect(await runJobs()).toBe(1);
      expect(web.hits.length).toBe(before);
      expect((await s.call('GET', `/api/v1/statuses/${id}`)).json.card.title).toBe('关于冬季供暖的通知');
    });

    it('follows redirects (each hop checked), decodes gzip and GBK, and leaves out what gives no card (a gzip bomb included)', async () => {
      const moved = await post(`${web.base}/moved`);
      const zipped = await post(`${web.base}/gzip`);
      const gbk = await post(`${web.base}/gbk`);
      const none = [await post(`${web.base}/loop`), await post(`${web.base}/ftp`), await post(`${web.base}/json`), await post(`${web.base}/huge`), await post(`${web.base}/bomb`), await post(`${web.base}/missing`)];
      expect(await runJobs()).toBe(9);
      expect((await s.call('GET', `/api/v1/statuses/${zipped}`)).json.card.title).toBe('压缩的页面');
      expect((await s.call('GET', `/api/v1/statuses/${moved}`)).json.card.title).toBe('关于冬季供暖的通知');
      expect((await s.call('GET', `/api/v1/statuses/${gbk}`)).json.card.title).toBe('政府');
      for (const id of none) expect((await s.call('GET', `/api/v1/statuses/${id}`)).json.card, id).toBeNull();
      // No retry for a page that answered: the jobs are done.
      expect(await s.ctx.db.selectFrom('jobs').select('state').execute()).toEqual([]);
    });

    it('queues nothing for a status without a link, or linking only this provider', async () => {
      await post('没有链接的公告');
      await post(`见本站 ${s.ctx.config.publicUrl}/@someone/1`);
      expect(await s.ctx.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
    });

    it('gives up on a page that does not answer, or not wholly, in time, to try again later', async () => {
      const saved = CARD_LIMITS.page.timeoutMs;
      CARD_LIMITS.page.timeoutMs = 300;
      try {
        const ids = [await post(`${web.base}/stall`), await post(`${web.base}/drip`)];
        expect(await runJobs()).toBe(2);
        const jobs = await s.ctx.db.selectFrom('jobs').select(['state', 'attempts', 'last_error']).execute();
        expect(jobs.map((j) => [j.state, Number(j.attempts)])).toEqual([
          ['queued', 1],
          ['queued', 1],
        ]);
        for (const j of jobs) expect(j.last_error).toMatch(/no answer within/);
        for (const id of ids) expect((await s.call('GET', `/api/v1/statuses/${id}`)).json.card).toBeNull();
      } finally {
        CARD_LIMITS.page.timeoutMs = saved;
        await s.ctx.db.deleteFrom('jobs').execute();
      }
    });
  });

  it('refuses a private address without --allow-private-peers: nothing is fetched, no card', async () => {
    const s = await testServer(dialect);
    try {
      const author = await citizen(s);
      const before = web.hits.length;
      const r = await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status: `内网 ${web.base}/notice 与 http://localhost:${new URL(web.base).port}/notice` } });
      expect(await startJobRunner(s.ctx, [cardJobHandler], { start: false, random: () => 0.5 }).runDue()).toBe(1);
      expect(web.hits.length).toBe(before);
      const job = await s.ctx.db.selectFrom('jobs').select(['state', 'last_error']).executeTakeFirstOrThrow();
      expect([job.state, job.last_error]).toEqual(['dead', expect.stringMatching(/private or reserved address/)]);
      expect((await s.call('GET', `/api/v1/statuses/${r.json.id}`)).json.card).toBeNull();
    } finally {
      await s.close();
    }
  });
});
