import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen, officialApplication, postStatus, signUpUser, staffUser, verifiedOrgan } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { GOV_NAMESPACE } from './gov-context.js';

const AP = { accept: 'application/activity+json' };
const AP_JSON = 'application/activity+json';

/** The provider's ActivityPub face, through the Fastify bridge: WebFinger, actors, collections, the inbox's refusals. */
describe.each(DIALECTS)('federation over HTTP (%s)', (dialect) => {
  let s: TestServer;
  let organ: { token: string; id: string; username: string };
  let person: { token: string; id: string; username: string };
  let reviewer: { token: string };
  beforeAll(async () => {
    s = await testServer(dialect, { federation: true });
    reviewer = await staffUser(s, 'reviewer');
    organ = await verifiedOrgan(s, reviewer.token);
    person = await signUpUser(s);
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: person.token, body: { locked: true, display_name: '张三' } });
    const first = await postStatus(s, organ, { status: '第一条' });
    await postStatus(s, organ, { status: '第二条' });
    await postStatus(s, organ, { status: '仅关注者', visibility: 'private' });
    expect((await s.call('POST', `/api/v1/statuses/${first}/pin`, { token: organ.token })).status).toBe(200);
    expect((await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: person.token })).status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses an unsigned POST to an inbox (401) and stores nothing of it', async () => {
    const activity = { '@context': 'https://www.w3.org/ns/activitystreams', id: 'https://peer.example/a/1', type: 'Follow', actor: 'https://peer.example/users/x', object: `http://test.example/users/${organ.username}` };
    for (const path of [`/users/${organ.username}/inbox`, '/inbox']) {
      const r = await s.call('POST', path, { headers: { 'content-type': AP_JSON }, payload: JSON.stringify(activity) });
      expect(r.status).toBe(401);
    }
    expect(await s.ctx.db.selectFrom('jobs').select('id').where('kind', 'in', ['federation.inbox', 'federation.outbox', 'federation.fanout']).execute()).toEqual([]);
    const kv = await s.ctx.db.selectFrom('federation_kv').select('key').execute();
    expect(kv.filter((k) => k.key.includes('peer.example/a/1'))).toEqual([]);
  });

  it('refuses a forged signature (401): a Signature header naming a key that does not sign it', async () => {
    const body = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: 'https://peer.example/a/2', type: 'Create', actor: `http://test.example/users/${person.username}` });
    const r = await s.call('POST', '/inbox', {
      headers: {
        'content-type': AP_JSON,
        date: new Date().toUTCString(),
        digest: 'SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
        // A local actor's key id: the key is real, the signature is not.
        signature: `keyId="http://test.example/users/${person.username}#main-key",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${Buffer.from('forged').toString('base64')}"`,
      },
      payload: body,
    });
    expect(r.status).toBe(401);
    expect(await s.ctx.db.selectFrom('jobs').select('id').where('kind', 'in', ['federation.inbox', 'federation.outbox', 'federation.fanout']).execute()).toEqual([]);
  });

  it('answers WebFinger for acct:user@host as JRD with the actor as its self link', async () => {
    expect((await s.call('GET', '/.well-known/webfinger?resource=acct:nobody@test.example')).status).toBe(404);
    const r = await s.call('GET', `/.well-known/webfinger?resource=acct:${organ.username}@test.example`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/jrd\+json/);
    const jrd = JSON.parse(r.body);
    expect(jrd.subject).toBe(`acct:${organ.username}@test.example`);
    expect(jrd.links).toContainEqual({ rel: 'self', type: AP_JSON, href: `http://test.example/users/${organ.username}` });
    expect(jrd.links).toContainEqual({ rel: 'http://webfinger.net/rel/profile-page', href: `http://test.example/@${organ.username}` });
  });

  it('shows a verified organ as an Organization: fields in an array, its government profile, both keys', async () => {
    const r = await s.call('GET', `/users/${organ.username}`, { headers: AP });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/activity\+json/);
    const a = JSON.parse(r.body);
    expect(a.type).toBe('Organization');
    expect(a.id).toBe(`http://test.example/users/${organ.username}`);
    expect(a.preferredUsername).toBe(organ.username);
    expect(a.url).toBe(`http://test.example/@${organ.username}`);
    expect(a.inbox).toBe(`http://test.example/users/${organ.username}/inbox`);
    expect(a.endpoints.sharedInbox).toBe('http://test.example/inbox');
    expect(a.outbox).toBe(`http://test.example/users/${organ.username}/outbox`);
    expect(a.followers).toBe(`http://test.example/users/${organ.username}/followers`);
    expect(a.following).toBe(`http://test.example/users/${organ.username}/following`);
    expect(a.featured).toBe(`http://test.example/users/${organ.username}/collections/featured`);
    expect(a.discoverable).toBe(true);
    expect(a.manuallyApprovesFollowers).toBe(false);
    expect(typeof a.published).toBe('string');
    expect(a.icon).toMatchObject({ type: 'Image' });
    // One field (the provider's verification), and still an array: Mastodon ignores a lone object.
    expect(Array.isArray(a.attachment)).toBe(true);
    expect(a.attachment).toEqual([{ type: 'PropertyValue', name: '认证 Verified', value: '北京市公安局官方微博' }]);
    expect(a.publicKey.id).toBe(`${a.id}#main-key`);
    expect(a.publicKey.owner).toBe(a.id);
    expect(a.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(a.assertionMethod).toHaveLength(2);
    expect(a.assertionMethod.map((k: { type: string }) => k.type)).toEqual(['Multikey', 'Multikey']);
    expect(a.government).toMatchObject({
      type: 'GovernmentProfile',
      kind: 'institutional',
      organ: 'government',
      organName: '北京市公安局',
      publicSecurity: true,
      level: 'provincial',
      province: '11',
      regionCode: '110000',
      verification: '北京市公安局官方微博',
      verifiedBy: 'http://test.example/actor',
    });
    expect(a['@context']).toContainEqual(expect.objectContaining({ govblog: GOV_NAMESPACE }));
    // Keys are made once: the same on the next request.
    const again = JSON.parse((await s.call('GET', `/users/${organ.username}`, { headers: AP })).body);
    expect(again.publicKey.publicKeyPem).toBe(a.publicKey.publicKeyPem);
    expect(again.assertionMethod).toEqual(a.assertionMethod);
  });

  it('shows a citizen as a Person, locked as manuallyApprovesFollowers, with no government profile', async () => {
    const a = JSON.parse((await s.call('GET', `/users/${person.username}`, { headers: { accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' } })).body);
    expect(a.type).toBe('Person');
    expect(a.name).toBe('张三');
    expect(a.manuallyApprovesFollowers).toBe(true);
    expect(a.discoverable).toBe(false);
    expect(a.attachment).toEqual([]);
    expect(a.government).toBeUndefined();
  });

  it('shows a verified official as a Person carrying the government profile of their post', async () => {
    const official = await signUpUser(s);
    const app = await s.call('POST', '/api/v1/gov/verifications', { token: official.token, body: officialApplication() });
    expect(app.status).toBe(201);
    expect((await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} })).status).toBe(200);
    const a = JSON.parse((await s.call('GET', `/users/${official.username}`, { headers: AP })).body);
    expect(a.type).toBe('Person');
    expect(a.government).toMatchObject({ kind: 'individual', level: 'county', rank: 'division', position: '副区长', regionCode: '430104', province: '43' });
  });

  it('shows the instance actor at /actor as a Service with its keys', async () => {
    const a = JSON.parse((await s.call('GET', '/actor', { headers: AP })).body);
    expect(a.type).toBe('Service');
    expect(a.id).toBe('http://test.example/actor');
    expect(a.preferredUsername).toBe('test.example');
    expect(a.publicKey.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
  });

  it('sends a browser asking /users/x for HTML to the web UI at /@x; unknown actors are 404', async () => {
    const r = await s.call('GET', `/users/${organ.username}`, { headers: { accept: 'text/html' } });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`/@${organ.username}`);
    expect((await s.call('GET', '/users/nobody_here', { headers: AP })).status).toBe(404);
  });

  it('pages the outbox (public statuses as Create), counts followers and following, lists the pinned statuses', async () => {
    const outbox = JSON.parse((await s.call('GET', `/users/${organ.username}/outbox`, { headers: AP })).body);
    expect(outbox.type).toBe('OrderedCollection');
    // The followers-only status is not in it.
    expect(outbox.totalItems).toBe(2);
    const page = JSON.parse((await s.call('GET', outbox.first, { headers: AP })).body);
    expect(page.type).toBe('OrderedCollectionPage');
    expect(page.orderedItems.map((c: { type: string }) => c.type)).toEqual(['Create', 'Create']);
    expect(page.orderedItems[0].object.content).toContain('第二条');
    // Fedify compacts the public collection to `as:Public`, which Mastodon reads as the full IRI.
    expect(['as:Public', 'https://www.w3.org/ns/activitystreams#Public']).toContain(page.orderedItems[0].object.to);
    expect(page.orderedItems[0].object.id).toMatch(new RegExp(`^http://test.example/users/${organ.username}/statuses/\\d+$`));

    const followers = JSON.parse((await s.call('GET', `/users/${organ.username}/followers`, { headers: AP })).body);
    expect(followers.totalItems).toBe(1);
    const fpage = JSON.parse((await s.call('GET', followers.first, { headers: AP })).body);
    expect([fpage.orderedItems].flat()).toEqual([`http://test.example/users/${person.username}`]);
    const following = JSON.parse((await s.call('GET', `/users/${person.username}/following`, { headers: AP })).body);
    expect(following.totalItems).toBe(1);

    // A cursor that is none of ours is no page.
    expect((await s.call('GET', `/users/${organ.username}/outbox?cursor=abc`, { headers: AP })).status).toBe(404);
    expect((await s.call('GET', `/users/${organ.username}/followers?cursor=-1`, { headers: AP })).status).toBe(404);

    const featured = JSON.parse((await s.call('GET', `/users/${organ.username}/collections/featured`, { headers: AP })).body);
    expect([featured.orderedItems].flat().map((n: { content: string }) => n.content)).toEqual([expect.stringContaining('第一条')]);
  });

  it('answers malformed federation requests with a 4xx, never a 5xx', async () => {
    const cases: [string, string, Record<string, string>, string?][] = [
      ['POST', '/inbox', { 'content-type': 'application/json' }, '{not json'],
      ['POST', '/inbox', { 'content-type': 'application/activity+json' }, '[]'],
      ['POST', `/users/${person.username}/inbox`, { 'content-type': AP_JSON, signature: 'garbage' }, '{"type":"Follow","actor":"http://10.0.0.1/u"}'],
      ['GET', '/.well-known/webfinger', {}],
      ['GET', '/.well-known/webfinger?resource=acct:', {}],
      ['GET', '/.well-known/webfinger?resource=https://elsewhere.example/x', {}],
      ['GET', `/users/${person.username}/inbox`, AP],
    ];
    for (const [method, url, headers, payload] of cases) {
      const r = await s.call(method as 'GET' | 'POST', url, { headers, ...(payload !== undefined ? { payload } : {}) });
      expect([url, r.status >= 400 && r.status < 500]).toEqual([url, true]);
    }
    expect(await s.ctx.db.selectFrom('jobs').select('id').where('kind', 'in', ['federation.inbox', 'federation.outbox', 'federation.fanout']).execute()).toEqual([]);
  });

  it('says activitypub in NodeInfo', async () => {
    expect((await s.call('GET', '/nodeinfo/2.0')).json.protocols).toEqual(['activitypub']);
  });

  it('serves the govblog JSON-LD context', async () => {
    const r = await s.call('GET', '/ns/gov.jsonld');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(JSON.parse(r.body)['@context'].govblog).toBe(GOV_NAMESPACE);
  });
});

describe.each(DIALECTS)('federation off (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect, { federation: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers 404 on every federation route and says no protocol in NodeInfo', async () => {
    const user = await citizen(s);
    for (const [method, url] of [
      ['GET', `/.well-known/webfinger?resource=acct:${user.username}@test.example`],
      ['GET', `/users/${user.username}`],
      ['GET', `/users/${user.username}/outbox`],
      ['GET', `/users/${user.username}/followers`],
      ['GET', '/actor'],
      ['POST', `/users/${user.username}/inbox`],
      ['POST', '/inbox'],
    ] as const) {
      const r = await s.call(method, url, { headers: { ...AP, ...(method === 'POST' ? { 'content-type': AP_JSON } : {}) }, ...(method === 'POST' ? { payload: '{}' } : {}) });
      expect([url, r.status]).toEqual([url, 404]);
    }
    expect((await s.call('GET', '/nodeinfo/2.0')).json.protocols).toEqual([]);
  });
});
