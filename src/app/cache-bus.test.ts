import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from './config.js';
import { type Context, createContext } from './context.js';
import { buildApp } from '../http/app.js';
import { freshConnection } from '../../test/dialects.js';

/**
 * Two providers over one PostgreSQL database, as two `serve` processes would
 * be: a change made through one must leave the other's cache at once, not
 * after the TTL (an hour here, so that only the bus can explain it).
 */
describe('cache bus between processes (postgres)', () => {
  let a: Context;
  let b: Context;
  let appA: Awaited<ReturnType<typeof buildApp>>;
  let appB: Awaited<ReturnType<typeof buildApp>>;
  let closeConnection: () => Promise<void>;

  beforeAll(async () => {
    const { url, connection, schema } = await freshConnection('postgres');
    closeConnection = () => connection.close();
    const config = testConfig({ db: url, cacheTtl: 3600 });
    a = await createContext(config, { connection });
    b = await createContext(config, { schema: schema! });
    appA = await buildApp(a);
    appB = await buildApp(b);
  });
  afterAll(async () => {
    await appA?.close();
    await appB?.close();
    await a?.close();
    await b?.close();
    await closeConnection?.();
  });

  const call = async (app: typeof appA, method: 'GET' | 'POST', url: string, token?: string, body?: unknown) => {
    const res = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body ? { payload: body as object } : {}) });
    return { status: res.statusCode, json: res.json() as any };
  };

  async function signUp(username: string): Promise<{ token: string; id: string; app: { client_id: string; client_secret: string } }> {
    const appToken = (await call(appA, 'POST', '/api/v1/apps', undefined, { client_name: 'bus', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow' })).json;
    const tok = (await call(appA, 'POST', '/oauth/token', undefined, { grant_type: 'client_credentials', client_id: appToken.client_id, client_secret: appToken.client_secret, scope: 'read write follow' })).json;
    const user = await call(appA, 'POST', '/api/v1/accounts', tok.access_token, { username, email: `${username}@example.com`, password: 'correct horse battery', agreement: true, locale: 'zh-CN' });
    expect(user.status).toBe(200);
    const me = await call(appA, 'GET', '/api/v1/accounts/verify_credentials', user.json.access_token);
    return { token: user.json.access_token, id: me.json.id, app: { client_id: appToken.client_id, client_secret: appToken.client_secret } };
  }

  it('a favourite and a new display name made through one process show through the other', async () => {
    const organ = await signUp('jinanfabu');
    const reader = await signUp('shimin');
    expect((await call(appA, 'POST', `/api/v1/accounts/${organ.id}/follow`, reader.token)).status).toBe(200);
    const posted = await call(appA, 'POST', '/api/v1/statuses', organ.token, { status: '今日发布会' });
    const home = async () => (await call(appB, 'GET', '/api/v1/timelines/home', reader.token)).json[0];
    expect((await home()).favourites_count).toBe(0);
    expect(b.cache.statuses.get(Number(posted.json.id))).toBeDefined();

    expect((await call(appA, 'POST', `/api/v1/statuses/${posted.json.id}/favourite`, reader.token)).status).toBe(200);
    await expect.poll(() => b.cache.statuses.get(Number(posted.json.id)), { timeout: 3000, interval: 20 }).toBeUndefined();
    expect(await home()).toMatchObject({ favourites_count: 1, favourited: true });

    expect((await call(appA, 'PATCH' as 'POST', '/api/v1/accounts/update_credentials', organ.token, { display_name: '济南发布' })).status).toBe(200);
    await expect.poll(async () => (await home()).account.display_name, { timeout: 3000, interval: 20 }).toBe('济南发布');
  });

  it('an edit made through one process shows through the other at once', async () => {
    const author = await signUp('bianji');
    const reader = await signUp('duzhe');
    expect((await call(appA, 'POST', `/api/v1/accounts/${author.id}/follow`, reader.token)).status).toBe(200);
    const posted = await call(appA, 'POST', '/api/v1/statuses', author.token, { status: '初稿' });
    const home = async () => (await call(appB, 'GET', '/api/v1/timelines/home', reader.token)).json[0];
    expect((await home()).content).toBe('<p>初稿</p>');
    expect(b.cache.statuses.get(Number(posted.json.id))?.parts).toBeDefined();
    expect((await call(appA, 'PUT' as 'POST', `/api/v1/statuses/${posted.json.id}`, author.token, { status: '定稿' })).status).toBe(200);
    await expect.poll(() => b.cache.statuses.get(Number(posted.json.id)), { timeout: 3000, interval: 20 }).toBeUndefined();
    expect(await home()).toMatchObject({ content: '<p>定稿</p>', edited_at: expect.any(String) });
  });

  it('a mute and a block made through one process apply in the other at once (the reader\'s cached exclusions)', async () => {
    const loud = await signUp('laoshuohua');
    const reader = await signUp('jingting');
    const posted = await call(appA, 'POST', '/api/v1/statuses', loud.token, { status: '公开发言' });
    const publicIds = async () => ((await call(appB, 'GET', '/api/v1/timelines/public?limit=40', reader.token)).json as { id: string }[]).map((x) => x.id);
    expect(await publicIds()).toContain(posted.json.id);
    expect(b.cache.exclusions.get(Number(reader.id))?.empty).toBe(true);
    expect((await call(appA, 'POST', `/api/v1/accounts/${loud.id}/mute`, reader.token)).status).toBe(200);
    await expect.poll(publicIds, { timeout: 3000, interval: 20 }).not.toContain(posted.json.id);
    expect((await call(appA, 'POST', `/api/v1/accounts/${loud.id}/unmute`, reader.token)).status).toBe(200);
    await expect.poll(publicIds, { timeout: 3000, interval: 20 }).toContain(posted.json.id);
    // A block by the author reaches the blocked reader's cached exclusions in the other process too.
    expect((await call(appA, 'POST', `/api/v1/accounts/${reader.id}/block`, loud.token)).status).toBe(200);
    await expect.poll(publicIds, { timeout: 3000, interval: 20 }).not.toContain(posted.json.id);
  });

  it('a token revoked and a filter made through one process are seen by the other at once (its cached logins)', async () => {
    const organ = await signUp('fabuting');
    const reader = await signUp('guolvzhe');
    expect((await call(appA, 'POST', `/api/v1/accounts/${organ.id}/follow`, reader.token)).status).toBe(200);
    await call(appA, 'POST', '/api/v1/statuses', organ.token, { status: '新闻发布会通知' });
    const homeTexts = async () => ((await call(appB, 'GET', '/api/v1/timelines/home', reader.token)).json as { content: string }[]).map((x) => x.content);
    expect(await homeTexts()).toContain('<p>新闻发布会通知</p>');
    expect(b.cache.logins.size).toBeGreaterThan(0);
    // A new author's first post, fanned out through one process, ends the page the other kept.
    const newcomer = await signUp('xinzhanghao');
    expect((await call(appA, 'POST', `/api/v1/accounts/${newcomer.id}/follow`, reader.token)).status).toBe(200);
    await expect.poll(async () => (await homeTexts()) && b.cache.homes.get(Number(reader.id), '/api/v1/timelines/home', Date.now()), { timeout: 3000, interval: 20 }).toBeDefined();
    await call(appA, 'POST', '/api/v1/statuses', newcomer.token, { status: '第一次发声' });
    await expect.poll(homeTexts, { timeout: 3000, interval: 20 }).toContain('<p>第一次发声</p>');
    // The filter changes the reader's row (it has filters now): the other process's login must not keep the old one.
    const filter = await call(appA, 'POST', '/api/v2/filters', reader.token, { title: '不看发布会', context: ['home'], filter_action: 'hide', keywords_attributes: [{ keyword: '发布会' }] });
    expect(filter.status).toBe(200);
    await expect.poll(homeTexts, { timeout: 3000, interval: 20 }).not.toContain('<p>新闻发布会通知</p>');

    expect((await call(appB, 'GET', '/api/v1/accounts/verify_credentials', organ.token)).status).toBe(200);
    expect((await call(appA, 'POST', '/oauth/revoke', undefined, { ...organ.app, token: organ.token })).status).toBe(200);
    await expect.poll(async () => (await call(appB, 'GET', '/api/v1/accounts/verify_credentials', organ.token)).status, { timeout: 3000, interval: 20 }).toBe(401);
  });
});
