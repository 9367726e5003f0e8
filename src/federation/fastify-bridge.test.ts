import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../test/dialects.js';
import { citizen } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';

const AP_JSON = 'application/activity+json';

/** Fedify's refusals on the federation routes come out as the project's JSON errors, with Fedify's status and what was wrong. */
describe.each(DIALECTS)('refusals of the federation routes (%s)', (dialect) => {
  let s: TestServer;
  let user: { username: string };
  let follow: string;
  const jobs = () => s.ctx.db.selectFrom('jobs').select('id').where('kind', 'in', ['federation.inbox', 'federation.outbox', 'federation.fanout']).execute();
  beforeAll(async () => {
    s = await testServer(dialect, { federation: true });
    user = await citizen(s);
    follow = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: 'https://peer.example/a/1', type: 'Follow', actor: 'https://peer.example/users/x', object: `http://test.example/users/${user.username}` });
  });
  afterAll(async () => {
    await s?.close();
  });

  const expectJsonError = (r: { status: number; headers: Record<string, unknown>; body: string }, status: number, code: string, says: RegExp) => {
    expect(r.status).toBe(status);
    expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(r.body);
    expect(body.code).toBe(code);
    expect(body.error).toMatch(says);
  };

  it('an unsigned inbox POST is a 401 saying it has no signature, on both inboxes', async () => {
    for (const path of ['/inbox', `/users/${user.username}/inbox`]) {
      expectJsonError(await s.call('POST', path, { headers: { 'content-type': AP_JSON }, payload: follow }), 401, 'invalid_signature', /not signed.*Signature header/);
    }
    expect(await jobs()).toEqual([]);
  });

  it('a bad signature is a 401 saying it did not verify', async () => {
    const r = await s.call('POST', `/users/${user.username}/inbox`, { headers: { 'content-type': AP_JSON, date: new Date().toUTCString(), signature: 'garbage' }, payload: follow });
    expectJsonError(r, 401, 'invalid_signature', /verify the request signature/);
    expect(await jobs()).toEqual([]);
  });

  it('unparseable JSON and an activity without an actor are 400s naming it', async () => {
    expectJsonError(await s.call('POST', '/inbox', { headers: { 'content-type': 'application/json' }, payload: '{not json' }), 400, 'bad_request', /Invalid JSON/);
    expectJsonError(await s.call('POST', '/inbox', { headers: { 'content-type': AP_JSON }, payload: '[]' }), 400, 'bad_request', /Missing actor/);
    // A bare JSON string made Fedify throw (found by test/fuzz/endpoints.test.ts).
    expectJsonError(await s.call('POST', '/inbox', { headers: { 'content-type': 'application/json' }, payload: '"x"' }), 400, 'bad_request', /Invalid activity/);
    expect(await jobs()).toEqual([]);
  });

  it('a WebFinger request without its resource is a 400 naming the parameter', async () => {
    expectJsonError(await s.call('GET', '/.well-known/webfinger'), 400, 'bad_request', /resource/);
  });

  it('leaves what Fedify answers well as it is', async () => {
    const actor = await s.call('GET', `/users/${user.username}`, { headers: { accept: AP_JSON } });
    expect(actor.status).toBe(200);
    expect(String(actor.headers['content-type'])).toMatch(/^application\/activity\+json/);
    expect(JSON.parse(actor.body).preferredUsername).toBe(user.username);
  });
});
