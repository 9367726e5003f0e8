import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, institutionApplication, oversized, registerApp, staffUser, tokenWithScopes, unique } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

const PASSWORD = 'correct horse 1';

describe.each(DIALECTS)('account routes (%s)', (dialect) => {
  let s: TestServer;
  let appToken: string;
  let reviewer: { token: string; id: string };

  beforeAll(async () => {
    s = await testServer(dialect);
    appToken = (await registerApp(s)).appToken;
    reviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  /** Signs up with the shared app token, another token, or none (null). */
  const signUp = (body: Record<string, unknown>, token: string | null = appToken) => s.call('POST', '/api/v1/accounts', { ...(token ? { token } : {}), body });
  const person = (username = unique('p')) => ({ username, email: `${username}@example.cn`, password: PASSWORD, agreement: true, locale: 'zh-CN' });

  /** A citizen whose organ application a reviewer approved. */
  async function verified() {
    const user = await citizen(s);
    await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: '平安北京' } });
    const app = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication() });
    expect((await s.call('POST', `/api/v1/gov/verifications/${app.json.id}/approve`, { token: reviewer.token, body: {} })).status).toBe(200);
    return { ...user, verificationId: app.json.id as string };
  }

  describe('sign-up refusals', () => {
    it('answers 401 without a token, 401 to a bad one', async () => {
      const none = await signUp(person(), null);
      expect(none.status).toBe(401);
      expect(none.json.code).toBe('token_required');
      const bad = await signUp(person(), 'forged');
      expect(bad.status).toBe(401);
      expect(bad.json.code).toBe('unauthorized');
    });

    it('answers 403 to a signed-in user and to an app token without write:accounts', async () => {
      const user = await citizen(s);
      const again = await signUp(person(), user.token);
      expect(again.status).toBe(403);
      expect(again.json.code).toBe('forbidden');
      const readOnly = await registerApp(s, 'read');
      const res = await signUp(person(), readOnly.appToken);
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('insufficient_scope');
    });

    it('reports every field problem at once in one 422', async () => {
      const res = await signUp({ username: '', email: 'not-an-email', password: 'short', agreement: false });
      expect(res.status).toBe(422);
      expect(res.json.code).toBe('validation_failed');
      const codes = Object.fromEntries(Object.entries(res.json.details as Record<string, { error: string }[]>).map(([f, l]) => [f, l.map((e) => e.error)]));
      expect(codes).toEqual({ username: ['ERR_BLANK'], email: ['ERR_INVALID'], password: ['ERR_TOO_SHORT'], agreement: ['ERR_ACCEPTED'] });

      const empty = await signUp({});
      expect(empty.status).toBe(422);
      const blank = Object.fromEntries(Object.entries(empty.json.details as Record<string, { error: string }[]>).map(([f, l]) => [f, l.map((e) => e.error)]));
      expect(blank).toEqual({ username: ['ERR_BLANK'], email: ['ERR_BLANK'], password: ['ERR_BLANK'], agreement: ['ERR_ACCEPTED'] });
    });

    it('refuses invalid, overlong and reserved usernames', async () => {
      const cases: [string, string][] = [
        ['has space', 'ERR_INVALID'],
        ['中文名', 'ERR_INVALID'],
        ['dot.ted', 'ERR_INVALID'],
        ['a'.repeat(31), 'ERR_TOO_LONG'],
        ['admin', 'ERR_RESERVED'],
        ['Admin', 'ERR_RESERVED'],
        ['govblog', 'ERR_RESERVED'],
      ];
      for (const [username, error] of cases) {
        const res = await signUp({ ...person(), username });
        expect(res.status, username).toBe(422);
        expect(res.json.details.username[0].error, username).toBe(error);
        expect(Object.keys(res.json.details)).toEqual(['username']);
      }
      const longPassword = await signUp({ ...person(), password: 'p'.repeat(129) });
      expect(longPassword.json.details.password[0].error).toBe('ERR_TOO_LONG');
    });

    it('answers ERR_TAKEN to a duplicate username, whatever its case, and to a duplicate e-mail', async () => {
      const name = unique('Alice');
      const first = await signUp(person(name));
      expect(first.status).toBe(200);
      for (const username of [name, name.toLowerCase(), name.toUpperCase()]) {
        const dup = await signUp({ ...person(unique()), username });
        expect(dup.status, username).toBe(422);
        expect(dup.json.details.username[0].error).toBe('ERR_TAKEN');
      }
      const email = await signUp({ ...person(), email: `${name}@example.cn`.toUpperCase() });
      expect(email.status).toBe(422);
      expect(email.json.details.email[0].error).toBe('ERR_TAKEN');
      expect(email.json.details.username).toBeUndefined();
    });

    it('answers ERR_TAKEN to the loser of two simultaneous sign-ups, never a 5xx', async () => {
      const name = unique('race');
      const [a, b] = await Promise.all([signUp({ ...person(name), email: `a_${name}@example.cn` }), signUp({ ...person(name.toUpperCase()), email: `b_${name}@example.cn` })]);
      expect([a.status, b.status].sort()).toEqual([200, 422]);
      const loser = a.status === 422 ? a : b;
      expect(loser.json.details.username[0].error).toBe('ERR_TAKEN');
    });

    it('answers 413 to sign-ups over 1 MiB, as JSON, form and multipart', async () => {
      const big = { ...person(), agreement: 'true', note: oversized() };
      for (const opts of [{ body: big }, { form: big }, { multipart: big }]) {
        const res = await s.call('POST', '/api/v1/accounts', { token: appToken, ...opts });
        expect(res.status).toBe(413);
        expect(res.json.code).toBe('payload_too_large');
      }
    });

    it('answers 403 when registrations are closed', async () => {
      const closed = await testServer(dialect, { registrations: false });
      try {
        const { appToken: t } = await registerApp(closed);
        const res = await closed.call('POST', '/api/v1/accounts', { token: t, body: person() });
        expect(res.status).toBe(403);
        expect(res.json.code).toBe('forbidden');
      } finally {
        await closed.close();
      }
    });
  });

  describe('sign-up', () => {
    it('signs up with JSON and returns a token usable at once, scoped as the app token', async () => {
      const p = person(unique('Json'));
      const res = await signUp(p);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ token_type: 'Bearer', scope: 'read write follow' });
      const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: res.json.access_token });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ username: p.username, acct: p.username, display_name: '', gov: null, url: `http://test.example/@${p.username}` });
      expect(me.json.source).toBeDefined();
    });

    it('signs up with form-urlencoded and multipart bodies', async () => {
      const f = person();
      const form = await s.call('POST', '/api/v1/accounts', { token: appToken, form: { ...f, agreement: 'true' } });
      expect(form.status, form.body).toBe(200);
      const m = person();
      const multi = await s.call('POST', '/api/v1/accounts', { token: appToken, multipart: { ...m, agreement: '1' } });
      expect(multi.status, multi.body).toBe(200);
      const me = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: multi.json.access_token });
      expect(me.json.username).toBe(m.username);
      const refused = await s.call('POST', '/api/v1/accounts', { token: appToken, form: { ...person(), agreement: '0' } });
      expect(refused.status).toBe(422);
      expect(refused.json.details.agreement[0].error).toBe('ERR_ACCEPTED');
    });
  });

  describe('credentials', () => {
    it('answers 401 without a user token, 403 without write:accounts', async () => {
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials')).status).toBe(401);
      expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { body: { note: 'x' } })).status).toBe(401);
      const user = await citizen(s);
      const readOnly = await tokenWithScopes(s, user.id, ['read']);
      const res = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: readOnly, body: { display_name: 'X' } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('insufficient_scope');
      const granular = await tokenWithScopes(s, user.id, ['read:accounts']);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: granular })).status).toBe(200);
      const wrongGranular = await tokenWithScopes(s, user.id, ['read:statuses']);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: wrongGranular })).status).toBe(403);
    });

    it('lets an unverified account change its display name, but not a verified one (422 display_name)', async () => {
      const user = await citizen(s);
      const changed = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: '  张三  ', note: '你好\n\n世界', discoverable: 'true' } });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({ display_name: '张三', note: '<p>你好</p><p>世界</p>', discoverable: true });

      const organ = await verified();
      const refused = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { display_name: '平安上海' } });
      expect(refused.status).toBe(422);
      expect(refused.json.code).toBe('validation_failed');
      expect(Object.keys(refused.json.details)).toEqual(['display_name']);
      const viaForm = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, form: { display_name: '平安上海' } });
      expect(viaForm.status).toBe(422);
      // The same name again, and other fields, are fine.
      const same = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { display_name: '平安北京', note: '北京市公安局' } });
      expect(same.status).toBe(200);
      expect(same.json.display_name).toBe('平安北京');

      // Once revoked, the name is free again.
      await s.call('POST', `/api/v1/gov/verifications/${organ.verificationId}/revoke`, { token: reviewer.token, body: { reason: '移交' } });
      expect((await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: organ.token, body: { display_name: '平安上海' } })).status).toBe(200);
    });

    it('answers 422 naming the field to an overlong display name or a bad boolean', async () => {
      const user = await citizen(s);
      const long = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: 'x'.repeat(31) } });
      expect(long.status).toBe(422);
      expect(long.json.details).toHaveProperty(['display_name']);
      const bool = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { locked: 'maybe' } });
      expect(bool.status).toBe(422);
      expect(bool.json.details).toHaveProperty(['locked']);
    });
  });

  describe('profiles and the directory', () => {
    it('answers 404 to ids that are not ids, unknown ids and closed accounts', async () => {
      for (const id of ['abc', '1e3', '-1', '99999999999999999999', '999999999']) {
        const res = await s.call('GET', `/api/v1/accounts/${id}`);
        expect(res.status, id).toBe(404);
        expect(res.json.code).toBe('not_found');
      }
      const user = await citizen(s);
      expect((await s.call('GET', `/api/v1/accounts/${user.id}`)).status).toBe(200);
      await s.ctx.db.updateTable('accounts').set({ closed_at: new Date().toISOString() }).where('id', '=', Number(user.id)).execute();
      expect((await s.call('GET', `/api/v1/accounts/${user.id}`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${user.username}`)).status).toBe(404);
      // Its token stops working too.
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: user.token })).status).toBe(401);
    });

    it('shows a profile with its gov object, and looks it up by acct', async () => {
      const organ = await verified();
      const res = await s.call('GET', `/api/v1/accounts/${organ.id}`);
      expect(res.status).toBe(200);
      expect(res.json.gov).toMatchObject({ kind: 'institutional', organ: 'government', public_security: true, level: 'provincial', province: '11', verification: '北京市公安局官方微博' });
      const byAcct = await s.call('GET', `/api/v1/accounts/lookup?acct=@${organ.username.toUpperCase()}@test.example`);
      expect(byAcct.json.id).toBe(organ.id);
      // The same name on another server is somebody else: not found here rather than this provider's organ.
      expect((await s.call('GET', `/api/v1/accounts/lookup?acct=${organ.username}@other.example`)).status).toBe(404);
    });

    it('lists verified government accounts and those that opted in, not the others', async () => {
      const organ = await verified();
      const shy = await citizen(s);
      const open = await citizen(s);
      await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: open.token, body: { discoverable: true } });
      const res = await s.call('GET', '/api/v1/directory?limit=80&order=new');
      expect(res.status).toBe(200);
      const ids = res.json.map((a: { id: string }) => a.id);
      expect(ids).toContain(organ.id);
      expect(ids).toContain(open.id);
      expect(ids).not.toContain(shy.id);
      const tooMany = await s.call('GET', '/api/v1/directory?limit=81');
      expect(tooMany.status).toBe(422);
      expect(tooMany.json.details).toHaveProperty(['limit']);
    });
  });
});
