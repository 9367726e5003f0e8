import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, registerApp, staffUser, tokenWithScopes, unique } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { forgetIpBlocks } from '../../../sign-up-blocks/ip-access.js';

describe.each(DIALECTS)('admin sign-up blocks (%s)', (dialect) => {
  let s: TestServer;
  let admin: { token: string; id: string };
  let reviewer: { token: string; id: string };
  let someone: { token: string; id: string };
  let appToken: string;

  const signUp = (email: string, remoteAddress = '127.0.0.1') => {
    const username = unique('s');
    return s.call('POST', '/api/v1/accounts', { token: appToken, body: { username, email, password: 'correct horse 1', agreement: true, locale: 'zh-CN' }, remoteAddress });
  };
  const audit = async () => (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: admin.token })).json as { action: string; actor_id: string; subject_type: string; subject_id: string; data: unknown }[];

  beforeAll(async () => {
    s = await testServer(dialect);
    admin = await staffUser(s, 'admin');
    reviewer = await staffUser(s, 'reviewer');
    someone = await citizen(s);
    appToken = (await registerApp(s)).appToken;
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('who may not', () => {
    const routes = [
      ['GET', '/api/v1/admin/email_domain_blocks'],
      ['POST', '/api/v1/admin/email_domain_blocks', { domain: 'spam.example' }],
      ['GET', '/api/v1/admin/canonical_email_blocks'],
      ['POST', '/api/v1/admin/canonical_email_blocks', { email: 'a@b.cn' }],
      ['POST', '/api/v1/admin/canonical_email_blocks/test', { email: 'a@b.cn' }],
      ['GET', '/api/v1/admin/ip_blocks'],
      ['POST', '/api/v1/admin/ip_blocks', { ip: '192.0.2.1', severity: 'sign_up_block' }],
      ['PUT', '/api/v1/admin/ip_blocks/1', { severity: 'no_access' }],
      ['DELETE', '/api/v1/admin/ip_blocks/1'],
    ] as const;

    it('answers 401 without a token', async () => {
      for (const [method, url, body] of routes) expect((await s.call(method, url, { body })).status, url).toBe(401);
    });

    it('answers 403 to citizens and to reviewers, admin scopes or not', async () => {
      for (const [method, url, body] of routes) {
        for (const token of [someone.token, reviewer.token]) {
          const res = await s.call(method, url, { token, body });
          expect(res.status, `${method} ${url}`).toBe(403);
        }
      }
    });

    it("answers 403 insufficient_scope to an admin's token without the admin scope", async () => {
      const plain = await tokenWithScopes(s, admin.id, ['read', 'write']);
      const readOnly = await tokenWithScopes(s, admin.id, ['admin:read']);
      for (const [method, url, body] of routes) {
        const res = await s.call(method, url, { token: plain, body });
        expect(res.json.code, url).toBe('insufficient_scope');
      }
      const write = await s.call('POST', '/api/v1/admin/ip_blocks', { token: readOnly, body: { ip: '192.0.2.1', severity: 'sign_up_block' } });
      expect(write.json.code).toBe('insufficient_scope');
      const granular = await tokenWithScopes(s, admin.id, ['admin:read:ip_blocks']);
      expect((await s.call('GET', '/api/v1/admin/ip_blocks', { token: granular })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/admin/email_domain_blocks', { token: granular })).json.code).toBe('insufficient_scope');
    });
  });

  describe('e-mail domain blocks', () => {
    it('answers 422 naming domain to a bad or repeated one', async () => {
      for (const domain of ['', 'not a domain', 'a@b.cn', 'http://x.cn/', '-x.cn']) {
        const res = await s.call('POST', '/api/v1/admin/email_domain_blocks', { token: admin.token, body: { domain } });
        expect(res.status, domain).toBe(422);
        expect(Object.keys(res.json.details), domain).toEqual(['domain']);
      }
      expect((await s.call('POST', '/api/v1/admin/email_domain_blocks', { token: admin.token, body: {} })).status).toBe(422);
    });

    it('refuses sign-ups at the domain and under it, counts them, and lets them in once removed', async () => {
      const made = await s.call('POST', '/api/v1/admin/email_domain_blocks', { token: admin.token, body: { domain: 'Spam.Example.' } });
      expect(made.status).toBe(200);
      expect(Object.keys(made.json).sort()).toEqual(['created_at', 'domain', 'history', 'id']);
      expect(made.json.domain).toBe('spam.example');
      expect(made.json.history).toHaveLength(7);
      expect((await s.call('POST', '/api/v1/admin/email_domain_blocks', { token: admin.token, body: { domain: 'spam.example' } })).json.details).toHaveProperty('domain');

      for (const email of ['x@spam.example', 'y@mail.SPAM.example']) {
        const res = await signUp(email, '203.0.113.7');
        expect(res.status, email).toBe(422);
        expect(res.json.details.email[0].error).toBe('ERR_BLOCKED');
      }
      expect((await signUp(`${unique('ok')}@notspam.example`)).status).toBe(200);

      const shown = await s.call('GET', `/api/v1/admin/email_domain_blocks/${made.json.id}`, { token: admin.token });
      expect(shown.json.history[0]).toEqual({ day: String(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) / 1000), accounts: '1', uses: '2' });
      const list = await s.call('GET', '/api/v1/admin/email_domain_blocks', { token: admin.token });
      expect(list.json).toContainEqual(shown.json);

      expect((await s.call('DELETE', `/api/v1/admin/email_domain_blocks/${made.json.id}`, { token: admin.token })).json).toEqual({});
      expect((await s.call('GET', `/api/v1/admin/email_domain_blocks/${made.json.id}`, { token: admin.token })).status).toBe(404);
      expect((await s.call('DELETE', `/api/v1/admin/email_domain_blocks/${made.json.id}`, { token: admin.token })).status).toBe(404);
      expect((await signUp(`${unique('z')}@spam.example`)).status).toBe(200);

      const log = await audit();
      expect(log.filter((e) => e.subject_type === 'email_domain_block' && e.subject_id === made.json.id).map((e) => [e.action, e.actor_id])).toEqual([
        ['email_domain_block.destroy', admin.id],
        ['email_domain_block.create', admin.id],
      ]);
    });
  });

  describe('canonical e-mail blocks', () => {
    it('keeps only the hash of the canonical address, and refuses its variants at sign-up as taken', async () => {
      const made = await s.call('POST', '/api/v1/admin/canonical_email_blocks', { token: admin.token, body: { email: 'Zhang.San+weibo@Example.cn' } });
      expect(made.status).toBe(200);
      const hash = createHash('sha256').update('zhangsan@example.cn').digest('hex');
      expect(made.json).toEqual({ id: made.json.id, canonical_email_hash: hash });
      expect((await s.call('POST', '/api/v1/admin/canonical_email_blocks', { token: admin.token, body: { canonical_email_hash: hash } })).status).toBe(422);

      const test = await s.call('POST', '/api/v1/admin/canonical_email_blocks/test', { token: admin.token, body: { email: 'zhangsan+x@example.cn' } });
      expect(test.json).toEqual([made.json]);
      expect((await s.call('POST', '/api/v1/admin/canonical_email_blocks/test', { token: admin.token, body: { email: 'lisi@example.cn' } })).json).toEqual([]);

      const refused = await signUp('z.hang.san@example.cn');
      expect(refused.status).toBe(422);
      expect(refused.json.details.email[0].error).toBe('ERR_TAKEN');
      expect((await signUp(`${unique('lisi')}@example.cn`)).status).toBe(200);

      // The address is nowhere: neither in the table nor in the audit log.
      const stored = JSON.stringify([await s.ctx.db.selectFrom('canonical_email_blocks').selectAll().execute(), await s.ctx.db.selectFrom('audit_log').selectAll().execute()]);
      expect(stored.toLowerCase()).not.toContain('zhang');

      expect((await s.call('GET', '/api/v1/admin/canonical_email_blocks', { token: admin.token })).json).toContainEqual(made.json);
      expect((await s.call('GET', `/api/v1/admin/canonical_email_blocks/${made.json.id}`, { token: admin.token })).json).toEqual(made.json);
      await s.call('DELETE', `/api/v1/admin/canonical_email_blocks/${made.json.id}`, { token: admin.token });
      expect((await signUp('zhang.san@example.cn')).status).toBe(200);
      expect((await audit()).filter((e) => e.subject_type === 'canonical_email_block').map((e) => e.action)).toEqual(['canonical_email_block.destroy', 'canonical_email_block.create']);
    });

    it('answers 422 naming the field to a create with neither, or a bad hash', async () => {
      expect(Object.keys((await s.call('POST', '/api/v1/admin/canonical_email_blocks', { token: admin.token, body: {} })).json.details)).toEqual(['canonical_email_hash']);
      expect(Object.keys((await s.call('POST', '/api/v1/admin/canonical_email_blocks', { token: admin.token, body: { canonical_email_hash: 'xyz' } })).json.details)).toEqual(['canonical_email_hash']);
      expect(Object.keys((await s.call('POST', '/api/v1/admin/canonical_email_blocks', { token: admin.token, body: { email: 'nobody' } })).json.details)).toEqual(['email']);
    });
  });

  describe('IP blocks', () => {
    it('answers 422 naming the field to a bad address, severity or expiry', async () => {
      for (const [body, field] of [
        [{ severity: 'no_access' }, 'ip'],
        [{ ip: '300.1.1.1', severity: 'no_access' }, 'ip'],
        [{ ip: '10.0.0.0/40', severity: 'no_access' }, 'ip'],
        [{ ip: '10.0.0.1' }, 'severity'],
        [{ ip: '10.0.0.1', severity: 'everything' }, 'severity'],
        [{ ip: '10.0.0.1', severity: 'no_access', expires_in: 0 }, 'expires_in'],
        [{ ip: '10.0.0.1', severity: 'no_access', expires_in: 'soon' }, 'expires_in'],
      ] as const) {
        const res = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(Object.keys(res.json.details), JSON.stringify(body)).toEqual([field]);
      }
    });

    it('creates, shows, updates and removes a block as Mastodon shapes it, each change audited', async () => {
      const made = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, form: { ip: '65.10.51.60', severity: 'no_access', comment: '刷号', expires_in: '3600' } });
      expect(made.status).toBe(200);
      expect(Object.keys(made.json).sort()).toEqual(['comment', 'created_at', 'expires_at', 'id', 'ip', 'severity']);
      expect(made.json).toMatchObject({ ip: '65.10.51.60/32', severity: 'no_access', comment: '刷号' });
      expect(Date.parse(made.json.expires_at) - Date.parse(made.json.created_at)).toBe(3_600_000);
      expect((await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip: '65.10.51.60/32', severity: 'sign_up_block' } })).json.details).toHaveProperty('ip');

      const changed = await s.call('PUT', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token, body: { severity: 'sign_up_requires_approval' } });
      expect(changed.json).toMatchObject({ id: made.json.id, ip: '65.10.51.60/32', severity: 'sign_up_requires_approval', comment: '刷号', expires_at: made.json.expires_at });
      expect((await s.call('GET', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token })).json).toEqual(changed.json);
      expect((await s.call('GET', '/api/v1/admin/ip_blocks', { token: admin.token })).json).toContainEqual(changed.json);
      await s.call('DELETE', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token });
      expect((await s.call('GET', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token })).status).toBe(404);
      expect((await s.call('PUT', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token, body: {} })).status).toBe(404);
      const log = (await audit()).filter((e) => e.subject_type === 'ip_block' && e.subject_id === made.json.id);
      expect(log.map((e) => e.action)).toEqual(['ip_block.destroy', 'ip_block.update', 'ip_block.create']);
      expect(log[1]?.data).toMatchObject({ before: { severity: 'no_access' }, after: { severity: 'sign_up_requires_approval' } });
    });

    it('refuses sign-ups from a sign_up_block or sign_up_requires_approval range, 403, and only from it', async () => {
      const a = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip: '198.51.100.0/24', severity: 'sign_up_block' } });
      const b = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip: '2001:db8::/32', severity: 'sign_up_requires_approval' } });
      for (const from of ['198.51.100.77', '2001:db8:1::5', '::ffff:198.51.100.1']) {
        const res = await signUp(`${unique('ip')}@example.cn`, from);
        expect(res.status, from).toBe(403);
      }
      expect((await signUp(`${unique('ip')}@example.cn`, '198.51.101.1')).status).toBe(200);
      // Only sign-ups: other requests from there go through.
      expect((await s.call('GET', '/api/v1/instance', { remoteAddress: '198.51.100.77' })).status).toBe(200);
      for (const x of [a, b]) await s.call('DELETE', `/api/v1/admin/ip_blocks/${x.json.id}`, { token: admin.token });
      expect((await signUp(`${unique('ip')}@example.cn`, '198.51.100.77')).status).toBe(200);
    });

    it('answers every request from a no_access range 403, token or not, until it expires or goes', async () => {
      const made = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip: '10.9.0.0/16', severity: 'no_access' } });
      for (const [url, token] of [['/api/v1/instance', undefined], ['/api/v1/accounts/verify_credentials', someone.token], ['/oauth/authorize', undefined]] as const) {
        const res = await s.call('GET', url, { remoteAddress: '10.9.3.4', ...(token ? { token } : {}) });
        expect(res.status, url).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
      expect((await s.call('GET', '/api/v1/instance', { remoteAddress: '10.10.3.4' })).status).toBe(200);
      // Past its expiry it no longer applies.
      await s.ctx.db.updateTable('ip_blocks').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', Number(made.json.id)).execute();
      forgetIpBlocks(s.ctx.db);
      expect((await s.call('GET', '/api/v1/instance', { remoteAddress: '10.9.3.4' })).status).toBe(200);
      await s.call('DELETE', `/api/v1/admin/ip_blocks/${made.json.id}`, { token: admin.token });
    });

    it("refuses a no_access block over the admin's own address (behind a proxy, everyone's)", async () => {
      for (const ip of ['127.0.0.1', '127.0.0.0/8', '0.0.0.0/0']) {
        const res = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip, severity: 'no_access' } });
        expect(res.status, ip).toBe(422);
        expect(res.json.details.ip[0].error).toBe('ERR_SELF');
      }
      const soft = await s.call('POST', '/api/v1/admin/ip_blocks', { token: admin.token, body: { ip: '127.0.0.0/8', severity: 'sign_up_block' } });
      expect(soft.status).toBe(200);
      expect((await s.call('PUT', `/api/v1/admin/ip_blocks/${soft.json.id}`, { token: admin.token, body: { severity: 'no_access' } })).status).toBe(422);
      await s.call('DELETE', `/api/v1/admin/ip_blocks/${soft.json.id}`, { token: admin.token });
      expect((await s.call('GET', '/api/v1/instance')).status).toBe(200);
    });
  });
});
