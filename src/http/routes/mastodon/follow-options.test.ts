import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, homeIds as homeIdsOf, postStatus } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

type User = Awaited<ReturnType<typeof citizen>>;

describe.each(DIALECTS)('follow options (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  const post = (u: User, body: Record<string, unknown>) => postStatus(s, u, body);
  const homeIds = (u: User) => homeIdsOf(s, u);

  it('rejects a language that is no ISO 639 code', async () => {
    const a = await citizen(s);
    const b = await citizen(s);
    expect((await s.call('POST', `/api/v1/accounts/${b.id}/follow`, { token: a.token, body: { languages: ['not a language'] } })).status).toBe(422);
  });

  it('notify, reblogs and languages show in the relationship and change on following again', async () => {
    const a = await citizen(s);
    const b = await citizen(s);
    const r = await s.call('POST', `/api/v1/accounts/${b.id}/follow`, { token: a.token, body: { notify: true, reblogs: false, languages: ['zh', 'en'] } });
    expect(r.json).toMatchObject({ following: true, notifying: true, showing_reblogs: false, languages: ['zh', 'en'] });
    const again = await s.call('POST', `/api/v1/accounts/${b.id}/follow`, { token: a.token, form: { notify: 'false', reblogs: 'true' } });
    expect(again.json).toMatchObject({ following: true, notifying: false, showing_reblogs: true, languages: ['zh', 'en'] });
    const rel = (await s.call('GET', `/api/v1/accounts/relationships?id[]=${b.id}`, { token: a.token })).json[0];
    expect(rel).toMatchObject({ notifying: false, showing_reblogs: true, languages: ['zh', 'en'] });
    const none = (await s.call('GET', `/api/v1/accounts/relationships?id[]=${a.id}`, { token: b.token })).json[0];
    expect(none).toMatchObject({ following: false, notifying: false, showing_reblogs: false, languages: null });
  });

  it('notify: a status notification for each original post, not for replies to others or reblogs', async () => {
    const fan = await citizen(s);
    const organ = await citizen(s);
    const other = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: fan.token, body: { notify: true } });
    const quiet = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${organ.id}/follow`, { token: quiet.token });
    const p = await post(organ, { status: '新公告' });
    await post(organ, { status: '回复别人', in_reply_to_id: await post(other, { status: '提问' }) });
    await s.call('POST', `/api/v1/statuses/${await post(other, { status: '别人的' })}/reblog`, { token: organ.token });
    const n = (await s.call('GET', '/api/v1/notifications?types[]=status', { token: fan.token })).json as { type: string; status: { id: string } }[];
    expect(n.map((x) => [x.type, x.status.id])).toEqual([['status', p]]);
    expect((await s.call('GET', '/api/v1/notifications?types[]=status', { token: quiet.token })).json).toEqual([]);
  });

  it('reblogs: false keeps their reblogs out of home, old and new; languages keeps other languages out', async () => {
    const reader = await citizen(s);
    const booster = await citizen(s);
    const author = await citizen(s);
    await s.call('POST', `/api/v1/accounts/${booster.id}/follow`, { token: reader.token });
    const old = await s.call('POST', `/api/v1/statuses/${await post(author, { status: '原文一' })}/reblog`, { token: booster.token });
    expect(await homeIds(reader)).toContain(old.json.id);
    await s.call('POST', `/api/v1/accounts/${booster.id}/follow`, { token: reader.token, body: { reblogs: false } });
    expect(await homeIds(reader)).not.toContain(old.json.id);
    const fresh = await s.call('POST', `/api/v1/statuses/${await post(author, { status: '原文二' })}/reblog`, { token: booster.token });
    const own = await post(booster, { status: '自己的', language: 'zh' });
    const home = await homeIds(reader);
    expect(home).not.toContain(fresh.json.id);
    expect(home).toContain(own);

    await s.call('POST', `/api/v1/accounts/${booster.id}/follow`, { token: reader.token, body: { languages: ['zh'] } });
    const en = await post(booster, { status: 'in English', language: 'en' });
    const zh = await post(booster, { status: '中文', language: 'zh' });
    const unknown = await post(booster, { status: '未标语言' });
    const after = await homeIds(reader);
    expect(after).not.toContain(en);
    expect(after).toContain(zh);
    expect(after).toContain(unknown);
  });

  it('the options asked of a locked account hold once it authorizes', async () => {
    const locked = await citizen(s);
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: locked.token, body: { locked: true } });
    const asker = await citizen(s);
    const r = await s.call('POST', `/api/v1/accounts/${locked.id}/follow`, { token: asker.token, body: { notify: true } });
    expect(r.json).toMatchObject({ following: false, requested: true, notifying: true });
    await s.call('POST', `/api/v1/follow_requests/${asker.id}/authorize`, { token: locked.token });
    const rel = (await s.call('GET', `/api/v1/accounts/relationships?id[]=${locked.id}`, { token: asker.token })).json[0];
    expect(rel).toMatchObject({ following: true, notifying: true, showing_reblogs: true });
  });
});
