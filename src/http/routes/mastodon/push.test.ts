import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../app/config.js';
import { createContext } from '../../../app/context.js';
import { connect } from '../../../db/connect.js';
import { vapidPublicKey } from '../../../push/vapid.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, registerApp, tokenWithScopes } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

function clientKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

/** A public address: taken without a DNS lookup, never sent to here (no notification is pushed in these tests). */
const PUBLIC_ENDPOINT = 'https://93.184.215.14/push/v1/abc';

const subscribeBody = (endpoint = PUBLIC_ENDPOINT, alerts: Record<string, unknown> = { mention: true, follow: true }) => ({
  subscription: { endpoint, keys: clientKeys() },
  data: { alerts, policy: 'all' },
});

describe.each(DIALECTS)('/api/v1/push/subscription (%s)', (dialect) => {
  let s: TestServer;
  let me: { id: string; token: string };
  let pushToken: string;

  beforeAll(async () => {
    s = await testServer(dialect);
    me = await citizen(s);
    pushToken = await tokenWithScopes(s, me.id, ['read', 'write', 'push']);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('needs a signed-in token (401) with the push scope (403)', async () => {
    const noPush = await tokenWithScopes(s, me.id, ['read', 'write', 'follow']);
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
      expect((await s.call(method, '/api/v1/push/subscription', { body: subscribeBody() })).status).toBe(401);
      expect((await s.call(method, '/api/v1/push/subscription', { token: noPush, body: subscribeBody() })).status).toBe(403);
    }
    const { appToken } = await registerApp(s, 'read push');
    expect((await s.call('GET', '/api/v1/push/subscription', { token: appToken })).status).toBe(401);
  });

  it('refuses an endpoint that is not https, or leads to a loopback or private address, with 422 naming the field', async () => {
    for (const endpoint of ['http://push.example/x', 'ftp://push.example/x', 'not a url', 'https://127.0.0.1/x', 'https://localhost:8443/x', 'https://[::1]/x', 'https://10.0.0.7/x', 'https://192.168.1.1/x', 'https://169.254.169.254/latest', 'https://[::ffff:127.0.0.1]/x', 'https://user:pw@93.184.215.14/x', `https://93.184.215.14/${'x'.repeat(2100)}`]) {
      const r = await s.call('POST', '/api/v1/push/subscription', { token: pushToken, body: subscribeBody(endpoint) });
      expect(r.status, endpoint).toBe(422);
      expect(Object.keys(r.json.details ?? {}), endpoint).toEqual(['subscription.endpoint']);
    }
    expect((await s.call('GET', '/api/v1/push/subscription', { token: pushToken })).status).toBe(404);
  });

  it('refuses keys that are not a P-256 point and a 16-byte secret, and bodies without a subscription', async () => {
    const bad = [
      [{ p256dh: 'AAAA', auth: clientKeys().auth }, 'subscription.keys.p256dh'],
      [{ p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'), auth: clientKeys().auth }, 'subscription.keys.p256dh'],
      [{ p256dh: clientKeys().p256dh, auth: 'c2hvcnQ' }, 'subscription.keys.auth'],
    ] as const;
    for (const [keys, field] of bad) {
      const r = await s.call('POST', '/api/v1/push/subscription', { token: pushToken, body: { subscription: { endpoint: PUBLIC_ENDPOINT, keys } } });
      expect(r.status).toBe(422);
      expect(Object.keys(r.json.details ?? {})).toEqual([field]);
    }
    for (const body of [{}, { subscription: {} }, { subscription: { endpoint: PUBLIC_ENDPOINT } }, { subscription: { endpoint: 5, keys: clientKeys() } }, { subscription: { endpoint: PUBLIC_ENDPOINT, keys: clientKeys() }, data: { policy: 'everyone' } }]) {
      expect((await s.call('POST', '/api/v1/push/subscription', { token: pushToken, body })).status, JSON.stringify(body)).toBe(422);
    }
  });

  it('has nothing to show or update before a subscription is made (404)', async () => {
    expect((await s.call('GET', '/api/v1/push/subscription', { token: pushToken })).status).toBe(404);
    expect((await s.call('PUT', '/api/v1/push/subscription', { token: pushToken, body: { data: { alerts: { mention: false } } } })).status).toBe(404);
    expect((await s.call('DELETE', '/api/v1/push/subscription', { token: pushToken })).json).toEqual({});
  });

  it('creates one subscription per token, shows the server key where Mastodon does, and replaces it when made again', async () => {
    const r = await s.call('POST', '/api/v1/push/subscription', { token: pushToken, body: subscribeBody(PUBLIC_ENDPOINT, { mention: true, follow: 'true', favourite: false, admin: { sign_up: true } }) });
    expect(r.status).toBe(200);
    const key = await vapidPublicKey(s.ctx);
    expect(Buffer.from(key, 'base64url')).toHaveLength(65);
    expect(r.json).toEqual({
      id: expect.any(String),
      endpoint: PUBLIC_ENDPOINT,
      standard: false,
      alerts: { mention: true, status: false, reblog: false, follow: true, follow_request: false, favourite: false, poll: false, update: false, 'admin.sign_up': true, 'admin.report': false },
      policy: 'all',
      server_key: key,
    });
    expect((await s.call('GET', '/api/v2/instance')).json.configuration.vapid).toEqual({ public_key: key });
    expect((await s.call('POST', '/api/v1/apps', { form: { client_name: 'x', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } })).json.vapid_key).toBe(key);
    expect((await s.call('GET', '/api/v1/push/subscription', { token: pushToken })).json).toEqual(r.json);

    const again = await s.call('POST', '/api/v1/push/subscription', { token: pushToken, body: { subscription: { endpoint: 'https://93.184.215.14/other', keys: clientKeys(), standard: true }, policy: 'follower' } });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ endpoint: 'https://93.184.215.14/other', standard: true, policy: 'follower', alerts: { mention: false } });
    expect(again.json.id).not.toBe(r.json.id);
    const rows = await s.ctx.db.selectFrom('push_subscriptions').select('id').where('account_id', '=', Number(me.id)).execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps the endpoint as sent and takes keys in standard base64, as masto.js sends them', async () => {
    const token = await tokenWithScopes(s, me.id, ['push']);
    const ecdh = createECDH('prime256v1');
    const p256dh = ecdh.generateKeys().toString('base64');
    const r = await s.call('POST', '/api/v1/push/subscription', { token, body: { subscription: { endpoint: 'https://example.com', keys: { p256dh, auth: randomBytes(16).toString('base64') } }, policy: 'all', data: { alerts: { follow: true } } } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ endpoint: 'https://example.com', policy: 'all', alerts: { follow: true } });
  });

  it('takes form bodies as Mastodon apps send them (data[alerts][mention]=true)', async () => {
    const token = await tokenWithScopes(s, me.id, ['push']);
    const k = clientKeys();
    const r = await s.call('POST', '/api/v1/push/subscription', {
      token,
      form: { 'subscription[endpoint]': PUBLIC_ENDPOINT, 'subscription[keys][p256dh]': k.p256dh, 'subscription[keys][auth]': k.auth, 'data[alerts][mention]': 'true', 'data[alerts][admin.report]': '1', 'data[policy]': 'followed' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ policy: 'followed', alerts: { mention: true, 'admin.report': true, follow: false } });
  });

  it('updates the alerts sent and the policy, leaving the other switches as they were', async () => {
    const r = await s.call('PUT', '/api/v1/push/subscription', { token: pushToken, body: { data: { alerts: { reblog: true }, policy: 'none' } } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ policy: 'none', alerts: { reblog: true, mention: false } });
    const r2 = await s.call('PUT', '/api/v1/push/subscription', { token: pushToken, form: { 'data[alerts][mention]': 'true' } });
    expect(r2.json).toMatchObject({ policy: 'none', alerts: { reblog: true, mention: true } });
  });

  it("another token, even of the same account, can neither read nor delete my subscription", async () => {
    const other = await tokenWithScopes(s, me.id, ['read', 'push']);
    const stranger = await citizen(s);
    const strangerToken = await tokenWithScopes(s, stranger.id, ['push']);
    for (const t of [other, strangerToken]) {
      expect((await s.call('GET', '/api/v1/push/subscription', { token: t })).status).toBe(404);
      expect((await s.call('PUT', '/api/v1/push/subscription', { token: t, body: { data: { alerts: { mention: false } } } })).status).toBe(404);
      expect((await s.call('DELETE', '/api/v1/push/subscription', { token: t })).status).toBe(200);
    }
    expect((await s.call('GET', '/api/v1/push/subscription', { token: pushToken })).status).toBe(200);
  });

  it('deletes the subscription with DELETE', async () => {
    expect((await s.call('DELETE', '/api/v1/push/subscription', { token: pushToken })).json).toEqual({});
    expect((await s.call('GET', '/api/v1/push/subscription', { token: pushToken })).status).toBe(404);
  });

  it("a revoked token's subscription is gone", async () => {
    const app = await registerApp(s, 'read write follow push');
    const grant = await s.call('POST', '/api/v1/accounts', { token: app.appToken, body: { username: `pushy${dialect}`, email: `pushy${dialect}@example.cn`, password: 'correct horse 1', agreement: true, locale: 'zh-CN' } });
    const token = grant.json.access_token as string;
    expect((await s.call('POST', '/api/v1/push/subscription', { token, body: subscribeBody() })).status).toBe(200);
    const count = async () => (await s.ctx.db.selectFrom('push_subscriptions').select('id').where('endpoint', '=', PUBLIC_ENDPOINT).execute()).length;
    const before = await count();
    const revoked = await s.call('POST', '/oauth/revoke', { body: { client_id: app.clientId, client_secret: app.clientSecret, token } });
    expect(revoked.status).toBe(200);
    expect(await count()).toBe(before - 1);
    expect((await s.call('GET', '/api/v1/push/subscription', { token })).status).toBe(401);
  });
});

describe.each(DIALECTS)('the VAPID key pair (%s)', (dialect) => {
  it('is generated once and then the same for every process on the database', async () => {
    const s = await testServer(dialect);
    try {
      const first = await vapidPublicKey(s.ctx);
      // Another process: its own context (cache) over the same rows.
      const other = { ...s.ctx, db: s.ctx.db.withoutPlugins() } as typeof s.ctx;
      expect(await vapidPublicKey(other)).toBe(first);
      expect(await s.ctx.db.selectFrom('vapid_keys').select('id').execute()).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('comes from the configuration when given there', async () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const publicKey = ecdh.getPublicKey().toString('base64url');
    const s = await testServer(dialect, { vapidPublicKey: publicKey, vapidPrivateKey: ecdh.getPrivateKey().toString('base64url') });
    try {
      expect((await s.call('GET', '/api/v2/instance')).json.configuration.vapid.public_key).toBe(publicKey);
      expect(await s.ctx.db.selectFrom('vapid_keys').select('id').execute()).toHaveLength(0);
    } finally {
      await s.close();
    }
  });
});

describe('the VAPID key pair across restarts (sqlite file)', () => {
  it('survives a restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'govblog-vapid-'));
    try {
      const file = join(dir, 'p.sqlite');
      const a = await createContext(testConfig({ db: file }), { connection: connect(file) });
      const key = await vapidPublicKey(a);
      await a.db.destroy();
      const b = await createContext(testConfig({ db: file }), { connection: connect(file) });
      expect(await vapidPublicKey(b)).toBe(key);
      await b.db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('fuzzing the push routes (%s)', (dialect) => {
  it('answers subscription-shaped bodies with hostile endpoints and keys without a 5xx', async () => {
    const fc = (await import('fast-check')).default;
    const s = await testServer(dialect);
    try {
      const me = await citizen(s);
      const token = await tokenWithScopes(s, me.id, ['push']);
      const good = clientKeys();
      const endpoint = fc.oneof(
        fc.constantFrom('https://127.0.0.1/x', 'https://[::1]:443/', 'https://0x7f000001/', 'https://2130706433/', 'https://localhost./', 'https://[::ffff:10.0.0.1]/', 'https://93.184.215.14/ok', 'http://93.184.215.14/', 'javascript:alert(1)', 'https://', 'https://a b/', 'https://例子.测试/推送', 'file:///etc/passwd', `https://93.184.215.14/${'%'.repeat(3000)}`),
        fc.webUrl(),
        fc.string({ maxLength: 50 }),
      );
      const key = fc.oneof(fc.constantFrom(good.p256dh, good.auth, '', '====', 'A'.repeat(199), Buffer.alloc(65, 4).toString('base64')), fc.string({ maxLength: 100 }), fc.base64String({ maxLength: 120 }));
      const flag = fc.oneof(fc.boolean(), fc.constantFrom('true', '0', 'yes', 'maybe', 1, null), fc.integer());
      const alerts = fc.dictionary(fc.constantFrom('mention', 'follow', 'admin.sign_up', 'admin', 'poll', '__proto__', 'toString', 'x'), fc.oneof(flag, fc.dictionary(fc.string({ maxLength: 8 }), flag)), { maxKeys: 5 });
      const body = fc.record(
        {
          subscription: fc.oneof(fc.record({ endpoint, keys: fc.oneof(fc.record({ p256dh: key, auth: key }), fc.constant(null), fc.string()), standard: flag }, { requiredKeys: [] }), fc.string(), fc.constant(null)),
          data: fc.oneof(fc.record({ alerts: fc.oneof(alerts, fc.constant(null)), policy: fc.constantFrom('all', 'none', 'followed', 'follower', 'everyone', '') }, { requiredKeys: [] }), fc.constant(null), fc.string()),
          policy: fc.constantFrom('all', 'nobody', undefined),
        },
        { requiredKeys: [] },
      );
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('POST', 'PUT', 'GET', 'DELETE'), body, fc.boolean(), async (method, b, asForm) => {
          const r = asForm && b && typeof b === 'object'
            ? await s.call(method as 'POST', '/api/v1/push/subscription', { token, form: Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])) })
            : await s.call(method as 'POST', '/api/v1/push/subscription', { token, body: b });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          if (r.status >= 500) throw new Error(`${method} ${JSON.stringify(b).slice(0, 300)} answered ${r.status}: ${r.body.slice(0, 300)}`);
        }),
        { numRuns: 600, seed: 20121220 },
      );
      for (const code of [200, 422]) expect(statuses.get(code) ?? 0, `answers with ${code}`).toBeGreaterThan(10);
    } finally {
      await s.close();
    }
  }, 120_000);
});
