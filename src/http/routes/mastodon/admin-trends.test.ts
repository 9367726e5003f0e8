import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { cardJobHandler } from '../../../cards/fetch-card.js';
import { startJobRunner } from '../../../jobs/runner.js';
import { mintToken } from '../../../oauth/tokens.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, freePort, testServer } from '../../../../test/http.js';
import { photoJpeg } from '../../../../test/images.js';

/** A news site: two articles (an image, a description, a site name) and a page that is not an article. */
async function newsSite() {
  const jpeg = await photoJpeg(800, 450);
  const article = (title: string) =>
    `<html lang="zh"><head><meta property="og:type" content="article"><meta property="og:title" content="${title}"><meta property="og:description" content="全文见官网"><meta property="og:image" content="/pic.jpg"><meta property="og:site_name" content="市政府网站"></head></html>`;
  const server: Server = createServer((req, res) => {
    const html = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    if (req.url === '/heating') return html(article('关于冬季供暖的通知'));
    if (req.url === '/transit') return html(article('春运加开列车'));
    if (req.url === '/home') return html('<html><head><meta property="og:title" content="首页"><meta property="og:description" content="欢迎"><meta property="og:image" content="/pic.jpg"><meta property="og:site_name" content="市政府网站"></head></html>');
    if (req.url === '/pic.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      return res.end(jpeg);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Two publishers on one machine: the same site under two host names.
  return { ip: `http://127.0.0.1:${port}`, named: `http://localhost:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Party = { token: string; id: string };

describe.each(DIALECTS)('trends review and link trends (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let web: Awaited<ReturnType<typeof newsSite>>;
  const clock = fixedClock('2026-12-01T10:00:00Z');
  let reviewer: Party;
  let admin: Party;
  let people: Party[];
  let organ: Party;
  let heating: string;
  let transit: string;
  let home: string;
  let citizenPost: string;
  let organPost: string;
  let sharedHeating: string[];
  let warnedHeating: string;

  const post = async (who: Party, status: string, extra: Record<string, unknown> = {}) => {
    const r = await s.call('POST', '/api/v1/statuses', { token: who.token, body: { status, ...extra } });
    expect(r.status, r.body).toBe(200);
    return r.json.id as string;
  };
  const runJobs = async () => {
    const runner = startJobRunner(s.ctx, [cardJobHandler], { start: false, random: () => 0.5 });
    for (let n = await runner.runDue(); n > 0; n = await runner.runDue());
  };
  const audit = async (action: string) => (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: admin.token })).json.filter((e: { action: string }) => e.action === action);

  beforeAll(async () => {
    web = await newsSite();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    // The provider's default: nothing trends before a reviewer allows it (GOVBLOG_TRENDABLE_BY_DEFAULT off).
    s = { ...(await testServer(dialect, { publicUrl: url, port, allowPrivatePeers: true }, clock)), url };
    await s.app.listen({ port, host: '127.0.0.1' });
    reviewer = await staffUser(s, 'reviewer');
    admin = await staffUser(s, 'admin');
    organ = await fastOrgan(s, reviewer.token);
    people = [];
    for (let i = 0; i < 9; i++) {
      const p = await citizen(s);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: p.token, body: { discoverable: true } });
      people.push(p);
    }
    heating = `${web.ip}/heating`;
    transit = `${web.named}/transit`;
    home = `${web.ip}/home`;
    sharedHeating = [];
    for (const p of people.slice(0, 6)) {
      sharedHeating.push(await post(p, `供暖通知 ${heating} #供暖#`));
      await post(p, `春运 ${transit}`);
      await post(p, `首页 ${home}`);
    }
    // A seventh account shares the heating notice by reblogging it; an eighth under a content warning, a ninth silenced: neither counts.
    expect((await s.call('POST', `/api/v1/statuses/${sharedHeating[0]}/reblog`, { token: (people[6] as Party).token })).status).toBe(200);
    warnedHeating = await post(people[7] as Party, `供暖 ${heating}`, { spoiler_text: '剧透' });
    await post(people[8] as Party, `供暖 ${heating}`);
    expect((await s.call('POST', `/api/v1/admin/accounts/${(people[8] as Party).id}/action`, { token: admin.token, body: { type: 'silence' } })).status).toBe(200);
    // Statuses with five favourites: a citizen's (waits for review) and a verified organ's (its account was reviewed when verified).
    citizenPost = await post(people[0] as Party, '大家春运顺利');
    organPost = await post(organ, '关于春运期间加开列车的通告');
    for (const p of people.slice(1, 6)) {
      for (const id of [citizenPost, organPost]) expect((await s.call('POST', `/api/v1/statuses/${id}/favourite`, { token: p.token })).status).toBe(200);
    }
    await runJobs();
    clock.advance(60 * 60_000);
  });
  afterAll(async () => {
    await s?.close();
    await web?.close();
  });

  it('refuses who may not review: no token 401; a citizen, even with admin scopes, 403; an organ operator, even a reviewer with admin scopes, 403; a reviewer token without admin scopes 403', async () => {
    expect((await s.call('GET', '/api/v1/admin/trends/links')).status).toBe(401);
    expect((await s.call('POST', '/api/v1/admin/trends/tags/1/approve')).status).toBe(401);
    const person = people[1] as Party;
    const scoped = await tokenWithScopes(s, person.id, ['admin:read', 'admin:write']);
    const staffOperator = await staffUser(s, 'reviewer');
    const operatorToken = await operatorOf(s, organ, staffOperator);
    // The same operator's token for the organ, had it been granted the admin scopes: the policy still says no.
    const operatorAdmin = (await mintToken(s.ctx, s.ctx.db, { appId: null, accountId: Number(organ.id), operatorId: Number(staffOperator.id), scopes: ['admin:read', 'admin:write'] })).access_token;
    const plainReviewer = await tokenWithScopes(s, reviewer.id, ['read', 'write']);
    const refusals: [string, string][] = [
      [scoped, 'forbidden'],
      [operatorAdmin, 'forbidden'],
      [operatorToken, 'insufficient_scope'],
      [plainReviewer, 'insufficient_scope'],
    ];
    for (const [token, code] of refusals) {
      for (const path of ['/api/v1/admin/trends/links', '/api/v1/admin/trends/statuses', '/api/v1/admin/trends/tags', '/api/v1/admin/trends/links/publishers']) {
        const r = await s.call('GET', path, { token });
        expect([r.status, r.json.code], path).toEqual([403, code]);
      }
      for (const path of [`/api/v1/admin/trends/statuses/${citizenPost}/approve`, '/api/v1/admin/trends/tags/1/reject', '/api/v1/admin/trends/links/1/approve', '/api/v1/admin/trends/links/publishers/1/approve']) {
        const r = await s.call('POST', path, { token });
        expect([r.status, r.json.code], path).toEqual([403, code]);
      }
    }
    expect(await audit('trends.status.approve')).toEqual([]);
  });

  it('before any review the public sees only the organ’s status; reviewers see the whole ranking, each saying whether it waits', async () => {
    expect((await s.call('GET', '/api/v1/trends/tags')).json).toEqual([]);
    expect((await s.call('GET', '/api/v1/trends/links')).json).toEqual([]);
    expect((await s.call('GET', '/api/v1/trends/statuses')).json.map((x: { id: string }) => x.id)).toEqual([organPost]);

    const masto = createRestAPIClient({ url: s.url, accessToken: reviewer.token });
    const links = await masto.v1.admin.trends.links.list();
    // The page that is not an article never trends; the reblog counts its sharer, the warned and the silenced shares do not.
    expect(links.map((l) => l.url).sort()).toEqual([heating, transit].sort());
    const heat = links.find((l) => l.url === heating) as (typeof links)[number] & { id: string; requiresReview: boolean };
    expect(heat).toMatchObject({ title: '关于冬季供暖的通知', type: 'link', providerName: '市政府网站', requiresReview: true });
    expect(heat.history).toHaveLength(7);
    expect(heat.history[0]).toEqual({ day: String(Date.parse('2026-12-01T00:00:00Z') / 1000), accounts: '7', uses: '7' });

    const statuses = (await s.call('GET', '/api/v1/admin/trends/statuses', { token: reviewer.token })).json;
    expect(statuses.map((x: { id: string; requires_review: boolean }) => [x.id, x.requires_review]).sort()).toEqual(
      [
        [citizenPost, true],
        [organPost, false],
      ].sort(),
    );
    const tags = await masto.v1.admin.trends.tags.list();
    expect(tags.map((t) => [t.name, t.trendable, t.requiresReview, t.usable])).toEqual([['供暖', false, true, true]]);

    // Both sites asked for review when their links trended.
    const publishers = (await s.call('GET', '/api/v1/admin/trends/links/publishers', { token: reviewer.token })).json;
    expect(publishers.map((p: { domain: string }) => p.domain).sort()).toEqual(['127.0.0.1', 'localhost']);
    expect(publishers[0]).toMatchObject({ trendable: null, reviewed_at: null, requires_review: true, requested_review_at: clock.now().toISOString() });
  });

  it('approving a link, a publisher, a tag and a status shows them to everyone; rejecting hides them; each decision is in the audit log', async () => {
    const masto = createRestAPIClient({ url: s.url, accessToken: admin.token });
    const links = (await s.call('GET', '/api/v1/admin/trends/links', { token: admin.token })).json as { id: string; url: string }[];
    const heat = links.find((l) => l.url === heating) as { id: string };
    const approved = await masto.v1.admin.trends.links.$select(heat.id).approve();
    expect(approved).toMatchObject({ url: heating, requiresReview: false });
    const anonymous = createRestAPIClient({ url: s.url });
    const shown = await anonymous.v1.trends.links.list();
    expect(shown.map((l) => l.url)).toEqual([heating]);
    expect(shown[0]).not.toHaveProperty('requiresReview');
    expect(shown[0]?.history[0]).toMatchObject({ accounts: '7', uses: '7' });

    // The other site's links trend once its publisher is allowed.
    // masto.js types publishers as links; what it reads is our PreviewCardProvider.
    const publishers = (await createRestAPIClient({ url: s.url, accessToken: reviewer.token }).v1.admin.trends.links.publishers.list()) as unknown as { id: string; domain: string }[];
    const named = publishers.find((p) => p.domain === 'localhost') as { id: string };
    const allowed = await s.call('POST', `/api/v1/admin/trends/links/publishers/${named.id}/approve`, { token: reviewer.token });
    expect(allowed.json).toMatchObject({ domain: 'localhost', trendable: true, requires_review: false });
    expect(typeof allowed.json.reviewed_at).toBe('string');
    expect((await s.call('GET', '/api/v1/trends/links')).json.map((l: { url: string }) => l.url).sort()).toEqual([heating, transit].sort());
    const transitId = ((await s.call('GET', '/api/v1/admin/trends/links', { token: admin.token })).json as { id: string; url: string; requires_review: boolean }[]).find((l) => l.url === transit);
    expect(transitId?.requires_review).toBe(false);
    // A link's own decision outranks its publisher's.
    await masto.v1.admin.trends.links.$select(String(transitId?.id)).reject();
    expect((await s.call('GET', '/api/v1/trends/links')).json.map((l: { url: string }) => l.url)).toEqual([heating]);

    const [tag] = await masto.v1.admin.trends.tags.list();
    const tagged = await masto.v1.admin.trends.tags.$select(String(tag?.id)).approve();
    expect([tagged.name, tagged.trendable, tagged.requiresReview]).toEqual(['供暖', true, false]);
    expect((await s.call('GET', '/api/v1/trends/tags')).json.map((t: { name: string }) => t.name)).toEqual(['供暖']);
    await masto.v1.admin.trends.tags.$select(String(tag?.id)).reject();
    expect((await s.call('GET', '/api/v1/trends/tags')).json).toEqual([]);

    const status = await masto.v1.admin.trends.statuses.$select(citizenPost).approve();
    expect([status.id, (status as unknown as { requiresReview: boolean }).requiresReview]).toEqual([citizenPost, false]);
    expect((await s.call('GET', '/api/v1/trends/statuses')).json.map((x: { id: string }) => x.id).sort()).toEqual([citizenPost, organPost].sort());
    const rejected = await s.call('POST', `/api/v1/admin/trends/statuses/${organPost}/reject`, { token: reviewer.token });
    expect([rejected.status, rejected.json.requires_review]).toEqual([200, false]);
    expect((await s.call('GET', '/api/v1/trends/statuses')).json.map((x: { id: string }) => x.id)).toEqual([citizenPost]);

    // Unknown items are 404s, and leave no entry; so is a status that is not public (it cannot trend, and its text stays with its audience).
    const quiet = await post(people[2] as Party, '只给关注者', { visibility: 'private' });
    for (const path of [`/api/v1/admin/trends/statuses/${quiet}/approve`, '/api/v1/admin/trends/links/999999/approve', '/api/v1/admin/trends/statuses/999999/reject', '/api/v1/admin/trends/tags/abc/approve', '/api/v1/admin/trends/links/publishers/999999/reject']) {
      expect((await s.call('POST', path, { token: admin.token })).status, path).toBe(404);
    }
    expect(await audit('trends.link.approve')).toMatchObject([{ actor_id: admin.id, subject_type: 'preview_card', subject_id: heat.id }]);
    expect(await audit('trends.link.reject')).toHaveLength(1);
    expect(await audit('trends.publisher.approve')).toMatchObject([{ actor_id: reviewer.id, subject_type: 'preview_card_provider', subject_id: named.id }]);
    expect(await audit('trends.tag.approve')).toHaveLength(1);
    expect(await audit('trends.tag.reject')).toHaveLength(1);
    expect(await audit('trends.status.approve')).toMatchObject([{ actor_id: admin.id, subject_type: 'status', subject_id: citizenPost }]);
    expect(await audit('trends.status.reject')).toMatchObject([{ actor_id: reviewer.id, subject_id: organPost }]);
  });

  it('the link timeline: the public original statuses sharing a trending, allowed link, newest first, paged by Link headers; 404 for any other link', async () => {
    const masto = createRestAPIClient({ url: s.url });
    const all = await masto.v1.timelines.link.list({ url: heating, limit: 40 });
    // Every original showing the card, by discoverable accounts not silenced (Mastodon's LinkFeed: the warned one too, though its share did not count); no reblogs.
    const ids = [warnedHeating, ...[...sharedHeating].reverse()];
    expect(all.map((x) => x.id)).toEqual(ids);
    const first = await s.call('GET', `/api/v1/timelines/link?url=${encodeURIComponent(heating)}&limit=2`);
    expect(first.json.map((x: { id: string }) => x.id)).toEqual(all.slice(0, 2).map((x) => x.id));
    const next = /<([^>]+)>; rel="next"/.exec(String(first.headers.link))?.[1] as string;
    expect(new URL(next).searchParams.get('url')).toBe(heating);
    const second = await s.call('GET', new URL(next).pathname + new URL(next).search);
    expect(second.json.map((x: { id: string }) => x.id)).toEqual(all.slice(2, 4).map((x) => x.id));
    for (const url of [transit, home, `${web.ip}/nowhere`]) {
      expect((await s.call('GET', `/api/v1/timelines/link?url=${encodeURIComponent(url)}`)).status, url).toBe(404);
    }
    expect((await s.call('GET', '/api/v1/timelines/link')).status).toBe(422);
  });

  it('pages the public rankings by offset with Link headers, as Mastodon', async () => {
    const first = await s.call('GET', '/api/v1/trends/statuses?limit=1');
    expect(first.json).toHaveLength(1);
    expect(String(first.headers.link)).toContain('offset=1');
    expect(String(first.headers.link)).toContain('rel="next"');
    const second = await s.call('GET', '/api/v1/trends/statuses?limit=1&offset=1');
    expect(second.json).toEqual([]);
    expect(String(second.headers.link)).toMatch(/offset=0>; rel="prev"/);
  });
});
