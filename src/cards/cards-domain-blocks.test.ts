import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, staffUser } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { photoJpeg } from '../../test/images.js';
import { startJobRunner } from '../jobs/runner.js';
import { cardJobHandler } from './fetch-card.js';

/**
 * A site reachable under two names, `localhost` and `127.0.0.1`, so that a
 * block can cover one and not the other: the page on one, its picture on the
 * other. Every hit is recorded with the name it came by.
 */
async function twoNamedSite() {
  const jpeg = await photoJpeg();
  const hits: string[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    const host = String(req.headers.host).replace(/:\d+$/, '');
    hits.push(`${host}${req.url}`);
    if (req.url === '/notice') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<html><head><meta property="og:title" content="停水通知"><meta property="og:image" content="http://127.0.0.1:${port}/pic.jpg"></head></html>`);
    }
    if (req.url === '/pic.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      return res.end(jpeg);
    }
    if (req.url === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${port}/notice` });
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  // Every address of the machine, so that `localhost` answers whether it resolves to 127.0.0.1 or ::1.
  await new Promise<void>((resolve) => server.listen(0, resolve));
  port = (server.address() as AddressInfo).port;
  return { port, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(DIALECTS)('link preview cards under domain blocks (%s)', (dialect) => {
  let web: Awaited<ReturnType<typeof twoNamedSite>>;
  let s: TestServer;
  let admin: { token: string };
  let author: { token: string };

  beforeAll(async () => {
    web = await twoNamedSite();
    s = await testServer(dialect, { allowPrivatePeers: true });
    admin = await staffUser(s, 'admin');
    author = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
    await web?.close();
  });

  const runJobs = async () => {
    const runner = startJobRunner(s.ctx, [cardJobHandler], { start: false, random: () => 0.5 });
    let ran = 0;
    for (let n = await runner.runDue(); n > 0; n = await runner.runDue()) ran += n;
    return ran;
  };
  const post = async (status: string) => (await s.call('POST', '/api/v1/statuses', { token: author.token, body: { status } })).json.id as string;
  const cardOf = async (id: string) => (await s.call('GET', `/api/v1/statuses/${id}`)).json.card;
  const block = async (body: Record<string, unknown>) => {
    const res = await s.call('POST', '/api/v1/admin/domain_blocks', { token: admin.token, body });
    expect(res.status, res.body).toBe(200);
    return res.json.id as string;
  };
  const lift = (id: string) => s.call('DELETE', `/api/v1/admin/domain_blocks/${id}`, { token: admin.token });

  it('takes the card but not its picture when the picture’s host rejects media; a silence or noop block alone changes nothing', async () => {
    const silenced = await block({ domain: 'localhost', severity: 'silence' });
    const noMedia = await block({ domain: '127.0.0.1', severity: 'noop', reject_media: true });
    const id = await post(`通知 http://localhost:${web.port}/notice`);
    expect(await runJobs()).toBe(1);
    const card = await cardOf(id);
    expect(card).toMatchObject({ title: '停水通知', image: null });
    expect(web.hits).toEqual(['localhost/notice']);
    await lift(noMedia);
    await lift(silenced);
  });

  it('contacts no suspended host: no page, no card, not even one stored before the block; nor through a redirect', async () => {
    const before = await post(`早先 http://127.0.0.1:${web.port}/notice`);
    expect(await runJobs()).toBe(1);
    expect((await cardOf(before)).title).toBe('停水通知');

    const suspended = await block({ domain: '127.0.0.1', severity: 'suspend' });
    const hits = web.hits.length;
    const again = await post(`再次 http://127.0.0.1:${web.port}/notice`);
    expect(await runJobs()).toBe(1);
    expect(await cardOf(again)).toBeNull();
    expect(web.hits.length).toBe(hits);
    await lift(suspended);

    const local = await block({ domain: 'localhost', severity: 'suspend' });
    const redirected = await post(`转到 http://127.0.0.1:${web.port}/to-localhost`);
    expect(await runJobs()).toBe(1);
    expect(await cardOf(redirected)).toBeNull();
    expect(web.hits.slice(hits)).toEqual(['127.0.0.1/to-localhost']);
    await lift(local);

    // Lifted: the same link is fetched afresh, as nothing was stored for it.
    await s.call('PUT', `/api/v1/statuses/${redirected}`, { token: author.token, body: { status: `转到 http://127.0.0.1:${web.port}/to-localhost ` } });
    expect(await runJobs()).toBe(1);
    expect((await cardOf(redirected)).title).toBe('停水通知');
  });
});
