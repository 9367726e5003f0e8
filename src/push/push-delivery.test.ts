import { type mastodon, createRestAPIClient } from 'masto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS, startBackgroundWork } from '../jobs/background.js';
import { listJobs } from '../jobs/jobs.repository.js';
import { startJobRunner } from '../jobs/runner.js';
import { DIALECTS } from '../../test/dialects.js';
import { registerApp, staffUser, tokenWithScopes, verifiedOrgan } from '../../test/factories.js';
import { type TestServer, listeningServer } from '../../test/http.js';
import { pushReceiver } from '../../test/push-receiver.js';
import { PrivateAddressError } from '../app/private-address.js';
import { sendPush } from './send.js';
import { vapidKeys } from './vapid.js';

type Receiver = Awaited<ReturnType<typeof pushReceiver>>;

/**
 * Registering push as apps do (masto.js) and receiving it: a local push
 * receiver holds the subscription's private key, decrypts what the provider
 * sends and checks its VAPID signature.
 */
describe.each(DIALECTS)('Web Push delivery, end to end (%s)', (dialect) => {
  let s: TestServer & { url: string };
  let receiver: Receiver;
  let asApp: mastodon.rest.Client;
  const runner = () => startJobRunner(s.ctx, JOB_HANDLERS, { start: false });

  async function user(username: string) {
    const t = await asApp.v1.accounts.create({ username, email: `${username}@example.cn`, password: 'a long passphrase', agreement: true, locale: 'zh-CN' });
    const client = createRestAPIClient({ url: s.url, accessToken: t.accessToken });
    const me = await client.v1.accounts.verifyCredentials();
    return { client, token: t.accessToken, id: me.id };
  }

  beforeAll(async () => {
    // The receiver is on loopback over http: allowed here only (tests and the demo).
    s = await listeningServer(dialect, { provider: 'weibo.example', allowPrivatePeers: true });
    receiver = await pushReceiver();
    const { appToken } = await registerApp(s, 'read write follow push');
    asApp = createRestAPIClient({ url: s.url, accessToken: appToken });
  });
  afterAll(async () => {
    await receiver?.close();
    await s?.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.failures.length = 0;
    receiver.answer();
  });

  it('registers with masto.js and receives a follow, decrypted (aes128gcm) and signed with the server key', async () => {
    const me = await user('pushme');
    const follower = await user('follower1');
    await follower.client.v1.accounts.updateCredentials({ displayName: '小明' });
    const sub = await me.client.v1.push.subscription.create({
      subscription: { endpoint: receiver.endpoint('me'), keys: receiver.keys, standard: true } as never,
      data: { alerts: { follow: true, mention: true, favourite: false } },
      policy: 'all',
    });
    expect(sub.alerts.follow).toBe(true);
    expect(sub.alerts.favourite).toBe(false);
    const instance = await me.client.v2.instance.fetch();
    expect(sub.serverKey).toBe((instance.configuration as { vapid?: { publicKey: string } }).vapid?.publicKey);

    await follower.client.v1.accounts.$select(me.id).follow();
    expect(await runner().runDue()).toBe(1);
    expect(receiver.failures).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    const push = receiver.received[0]!;
    const [notification] = await me.client.v1.notifications.list();
    expect(push.encoding).toBe('aes128gcm');
    expect(push.path).toBe('/push/me');
    expect(push.serverKey).toBe(sub.serverKey);
    expect(push.claims.aud).toBe(receiver.origin);
    expect(push.claims.sub).toBe('mailto:push@weibo.example');
    expect(push.claims.exp).toBeGreaterThan(Date.now() / 1000);
    expect(push.headers.ttl).toBe(String(48 * 3600));
    expect(push.payload).toEqual({
      access_token: me.token,
      preferred_locale: 'zh-CN',
      notification_id: notification?.id,
      notification_type: 'follow',
      icon: expect.stringMatching(new RegExp(`^${s.url}/avatars/${follower.id}`)),
      title: '小明 关注了你',
      body: '',
    });
    // The push told the app which notification to fetch: its token reads it.
    expect((await me.client.v1.notifications.$select(String(push.payload.notification_id)).fetch()).type).toBe('follow');
  });

  it('pushes a mention with its text in the older encoding (standard false), and nothing for an alert that is off', async () => {
    const me = await user('pushme2');
    const other = await user('other2');
    await me.client.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('me2'), keys: receiver.keys }, data: { alerts: { mention: true, favourite: false } }, policy: 'all' });
    const post = await me.client.v1.statuses.create({ status: '今日发布' });
    await other.client.v1.statuses.$select(post.id).favourite();
    expect(await runner().runDue()).toBe(0);
    await other.client.v1.statuses.create({ status: `@pushme2 请问 <b>办事</b> 时间？ ${'长'.repeat(200)}` });
    expect(await runner().runDue()).toBe(1);
    expect(receiver.failures).toEqual([]);
    const push = receiver.received[0]!;
    expect(push.encoding).toBe('aesgcm');
    expect(push.payload).toMatchObject({ notification_type: 'mention', title: 'other2 提到了你' });
    expect(String(push.payload.body)).toMatch(/^@pushme2 请问 <b>办事<\/b> 时间？ 长+…$/);
    expect([...String(push.payload.body)]).toHaveLength(140);
  });

  it('follows the policy: "followed" pushes only what comes from accounts I follow', async () => {
    const me = await user('picky');
    const friend = await user('friend');
    const stranger = await user('stranger');
    await me.client.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('picky'), keys: receiver.keys }, data: { alerts: { mention: true } }, policy: 'followed' });
    await me.client.v1.accounts.$select(friend.id).follow();
    await stranger.client.v1.statuses.create({ status: '@picky hi from a stranger' });
    await friend.client.v1.statuses.create({ status: '@picky hi from a friend' });
    await runner().runDue();
    expect(receiver.received.map((r) => r.payload.body)).toEqual(['@picky hi from a friend']);
  });

  it("a service request reaches the organ's app under its mention alert", async () => {
    const reviewer = await staffUser(s, 'reviewer');
    const organ = await verifiedOrgan(s, reviewer.token);
    // The organ's press officer signs in to an app that asks for push.
    const organApp = createRestAPIClient({ url: s.url, accessToken: await tokenWithScopes(s, organ.id, ['read', 'write', 'push']) });
    await organApp.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('organ'), keys: receiver.keys }, data: { alerts: { mention: true } }, policy: 'all' });
    const resident = await user('resident');
    const res = await fetch(`${s.url}/api/v1/gov/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${resident.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: organ.id, category: 'inquiry', text: '请问户籍办理需要哪些材料？', visibility: 'private' }),
    });
    expect(res.status).toBe(201);
    expect(await runner().runDue()).toBe(1);
    expect(receiver.received[0]?.payload).toMatchObject({ notification_type: 'gov.request', title: 'resident 向你提交了服务请求' });
  });

  it('410 from the push service removes the subscription; 429 waits its Retry-After; 500 is retried; 400 is final', async () => {
    const me = await user('answers');
    const other = await user('answers_o');
    await me.client.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('answers'), keys: receiver.keys }, data: { alerts: { mention: true } }, policy: 'all' });
    const mention = () => other.client.v1.statuses.create({ status: '@answers ping' });

    receiver.answer({ status: 429, headers: { 'retry-after': '120' } });
    await mention();
    await runner().runDue();
    let [job] = await listJobs(s.ctx.db, { kind: 'push.deliver' });
    expect(job).toMatchObject({ state: 'queued', attempts: 1 });
    expect(Date.parse(job!.run_at) - Date.now()).toBeGreaterThan(110_000);
    expect(job!.last_error).toContain('429');
    await s.ctx.db.deleteFrom('jobs').execute();

    receiver.answer({ status: 503 });
    await mention();
    await runner().runDue();
    [job] = await listJobs(s.ctx.db, { kind: 'push.deliver' });
    expect(job).toMatchObject({ state: 'queued', attempts: 1 });
    await s.ctx.db.updateTable('jobs').set({ run_at: new Date(0).toISOString() }).execute();
    await runner().runDue();
    expect(await listJobs(s.ctx.db, { kind: 'push.deliver' })).toEqual([]);

    receiver.answer({ status: 400 });
    await mention();
    await runner().runDue();
    [job] = await listJobs(s.ctx.db, { kind: 'push.deliver' });
    expect(job).toMatchObject({ state: 'dead', attempts: 1 });
    await s.ctx.db.deleteFrom('jobs').execute();

    receiver.answer({ status: 410 });
    await mention();
    await runner().runDue();
    await expect(me.client.v1.push.subscription.fetch()).rejects.toMatchObject({ statusCode: 404 });
    expect(await listJobs(s.ctx.db)).toEqual([]);
  });

  it('a subscription whose token has died since the push was queued gets nothing, and goes', async () => {
    const me = await user('shortlived');
    const other = await user('shortlived_o');
    await me.client.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('short'), keys: receiver.keys }, data: { alerts: { mention: true } }, policy: 'all' });
    await other.client.v1.statuses.create({ status: '@shortlived hello' });
    // The token dies another way than /oauth/revoke (its account closed here) before the job runs.
    await s.ctx.db.updateTable('accounts').set({ closed_at: new Date().toISOString() }).where('id', '=', Number(me.id)).execute();
    expect(await runner().runDue()).toBe(1);
    expect(receiver.received).toEqual([]);
    expect(await s.ctx.db.selectFrom('push_subscriptions').select('id').where('account_id', '=', Number(me.id)).execute()).toEqual([]);
  });

  it('the background work sends pushes by itself, as serve runs it', async () => {
    const me = await user('livewire');
    const other = await user('livewire_o');
    await me.client.v1.push.subscription.create({ subscription: { endpoint: receiver.endpoint('live'), keys: receiver.keys }, data: { alerts: { mention: true } }, policy: 'all' });
    const work = startBackgroundWork(s.ctx, { pollMs: 100 });
    try {
      await other.client.v1.statuses.create({ status: '@livewire are you there?' });
      await receiver.waitFor(1);
      expect(receiver.received.map((r) => r.payload.body)).toEqual(['@livewire are you there?']);
    } finally {
      await work.stop();
    }
  });

  it('the send-time guard refuses loopback and private addresses when they are not allowed', async () => {
    const vapid = await vapidKeys(s.ctx);
    const target = { p256dh: receiver.keys.p256dh, auth: receiver.keys.auth, standard: true };
    const viaName = await sendPush({ ...target, endpoint: 'https://localhost:9/push' }, '{}', vapid, 'mailto:a@b.example', { allowPrivate: false });
    expect('error' in viaName && viaName.error).toBeInstanceOf(PrivateAddressError);
    for (const endpoint of ['https://127.0.0.1:9/push', 'https://[::1]:9/push', 'https://10.1.2.3/push']) {
      const literal = await sendPush({ ...target, endpoint }, '{}', vapid, 'mailto:a@b.example', { allowPrivate: false });
      expect('error' in literal && literal.error, endpoint).toBeInstanceOf(PrivateAddressError);
    }
    const plain = await sendPush({ ...target, endpoint: receiver.endpoint('x') }, '{}', vapid, 'mailto:a@b.example', { allowPrivate: false });
    expect('error' in plain && plain.error.message).toMatch(/refused: http: endpoint/);
    expect(receiver.received).toEqual([]);
  });
});
