import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';

const BLOCK_KEYS = ['created_at', 'digest', 'domain', 'id', 'obfuscate', 'private_comment', 'public_comment', 'reject_media', 'reject_reports', 'severity'];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(DIALECTS)('admin domain blocks and allows (%s)', (dialect) => {
  let s: TestServer;
  let admin: { token: string; id: string };
  let reviewer: { token: string; id: string };
  let someone: { token: string; id: string };
  let organ: { token: string; id: string };
  let operatorToken: string;
  let adminOperatorToken: string;

  const audit = async () => (await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token: admin.token })).json as { action: string; actor_id: string; subject_type: string; subject_id: string; data: any }[];
  const block = (body: unknown, token = admin.token) => s.call('POST', '/api/v1/admin/domain_blocks', { token, body });

  beforeAll(async () => {
    s = await testServer(dialect);
    admin = await staffUser(s, 'admin');
    reviewer = await staffUser(s, 'reviewer');
    someone = await citizen(s);
    organ = await fastOrgan(s, reviewer.token);
    operatorToken = await operatorOf(s, organ, await citizen(s));
    // An admin who also runs an organ: through the organ's token they act as the organ, not as staff.
    const adminOrgan = await fastOrgan(s, reviewer.token, { organ_name: '上海市公安局', region_code: '310000', verification: '上海市公安局官方微博' });
    adminOperatorToken = await operatorOf(s, adminOrgan, admin);
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('who may not', () => {
    const routes = [
      ['GET', '/api/v1/admin/domain_blocks'],
      ['GET', '/api/v1/admin/domain_blocks/1'],
      ['POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example' }],
      ['PUT', '/api/v1/admin/domain_blocks/1', { severity: 'suspend' }],
      ['DELETE', '/api/v1/admin/domain_blocks/1'],
      ['GET', '/api/v1/admin/domain_allows'],
      ['GET', '/api/v1/admin/domain_allows/1'],
      ['POST', '/api/v1/admin/domain_allows', { domain: 'friend.example' }],
      ['DELETE', '/api/v1/admin/domain_allows/1'],
    ] as const;

    it('answers 401 without a token', async () => {
      for (const [method, url, body] of routes) expect((await s.call(method, url, { body })).status, `${method} ${url}`).toBe(401);
    });

    it('answers 403 to citizens, reviewers, organs and their operators (an admin acting for an organ too)', async () => {
      for (const [method, url, body] of routes) {
        for (const token of [someone.token, reviewer.token, organ.token, operatorToken, adminOperatorToken]) {
          const res = await s.call(method, url, { token, body });
          expect(res.status, `${method} ${url}`).toBe(403);
        }
      }
      expect((await s.call('GET', '/api/v1/admin/domain_blocks', { token: admin.token })).json).toEqual([]);
    });

    it("answers insufficient_scope to an admin's token without the admin scopes, and takes the granular ones", async () => {
      const plain = await tokenWithScopes(s, admin.id, ['read', 'write']);
      for (const [method, url, body] of routes) expect((await s.call(method, url, { token: plain, body })).json.code, `${method} ${url}`).toBe('insufficient_scope');
      const readOnly = await tokenWithScopes(s, admin.id, ['admin:read']);
      expect((await block({ domain: 'spam.example' }, readOnly)).json.code).toBe('insufficient_scope');
      const granular = await tokenWithScopes(s, admin.id, ['admin:read:domain_blocks']);
      expect((await s.call('GET', '/api/v1/admin/domain_blocks', { token: granular })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/admin/domain_allows', { token: granular })).json.code).toBe('insufficient_scope');
    });
  });

  describe('domain blocks', () => {
    it('answers 422 naming the field to a missing or bad domain and a bad severity or flag', async () => {
      for (const domain of ['', '  ', 'not a domain', 'a@b.cn', 'https://x.cn/', 'x.cn:443', '*.x.cn', '-x.cn', 'a_b.cn', 'xn--zz.cn', `${'a'.repeat(64)}.cn`]) {
        const res = await block({ domain });
        expect(res.status, domain).toBe(422);
        expect(Object.keys(res.json.details), domain).toEqual(['domain']);
      }
      expect(Object.keys((await block({})).json.details)).toEqual(['domain']);
      expect(Object.keys((await block({ domain: 7 })).json.details)).toEqual(['domain']);
      expect(Object.keys((await block({ domain: 'x.cn', severity: 'ban' })).json.details)).toEqual(['severity']);
      expect(Object.keys((await block({ domain: 'x.cn', reject_media: 'maybe' })).json.details)).toEqual(['reject_media']);
      expect((await s.call('GET', '/api/v1/admin/domain_blocks', { token: admin.token })).json).toEqual([]);
    });

    it('creates with Mastodon’s defaults, normalised, shows, changes and lifts a block, each change in the audit log', async () => {
      const made = await block({ domain: ' Spam.Example. ' });
      expect(made.status).toBe(200);
      expect(Object.keys(made.json).sort()).toEqual(BLOCK_KEYS);
      expect(made.json).toMatchObject({ domain: 'spam.example', digest: sha256('spam.example'), severity: 'silence', reject_media: false, reject_reports: false, private_comment: null, public_comment: null, obfuscate: false });

      const shown = await s.call('GET', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token });
      expect(shown.json).toEqual(made.json);

      // masto.js and the web send JSON; forms send strings.
      const changed = await s.call('PUT', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token, form: { severity: 'suspend', reject_media: 'true', private_comment: '广告农场', public_comment: 'Spam' } });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({ id: made.json.id, domain: 'spam.example', severity: 'suspend', reject_media: true, reject_reports: false, private_comment: '广告农场', public_comment: 'Spam' });
      const partly = await s.call('PUT', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token, body: { obfuscate: true, domain: 'other.example' } });
      expect(partly.json).toMatchObject({ domain: 'spam.example', severity: 'suspend', reject_media: true, obfuscate: true, public_comment: 'Spam' });
      expect((await s.call('PUT', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token, body: { severity: 'ban' } })).status).toBe(422);

      expect((await s.call('DELETE', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token })).json).toEqual({});
      for (const [method, url] of [['GET', `/api/v1/admin/domain_blocks/${made.json.id}`], ['PUT', `/api/v1/admin/domain_blocks/${made.json.id}`], ['DELETE', `/api/v1/admin/domain_blocks/${made.json.id}`], ['GET', '/api/v1/admin/domain_blocks/abc']] as const) {
        expect((await s.call(method, url, { token: admin.token, body: {} })).status, `${method} ${url}`).toBe(404);
      }

      const log = (await audit()).filter((e) => e.subject_type === 'domain_block' && e.subject_id === made.json.id);
      expect(log.map((e) => [e.action, e.actor_id])).toEqual([
        ['domain_block.destroy', admin.id],
        ['domain_block.update', admin.id],
        ['domain_block.update', admin.id],
        ['domain_block.create', admin.id],
      ]);
      expect(log[2]!.data).toMatchObject({ before: { severity: 'silence', reject_media: false }, after: { severity: 'suspend', reject_media: true } });
      expect(JSON.stringify(log)).not.toContain('广告农场');
    });

    it('keeps IDN in punycode', async () => {
      const made = await block({ domain: '垃圾.中国', severity: 'noop', reject_media: true });
      expect(made.json).toMatchObject({ domain: 'xn--qes1f.xn--fiqs8s', severity: 'noop', reject_media: true });
      expect((await block({ domain: 'xn--qes1f.xn--fiqs8s' })).status).toBe(422);
      await s.call('DELETE', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token });
    });

    it('answers 422 with the existing block when one covers the domain as strictly, and takes a stricter one on a subdomain', async () => {
      const parent = await block({ domain: 'example.cn', severity: 'silence', reject_media: true });
      const again = await block({ domain: 'EXAMPLE.cn' });
      expect(again.status).toBe(422);
      expect(again.json.existing_domain_block).toEqual(parent.json);
      expect(again.json.details.domain[0].error).toBe('ERR_TAKEN');
      expect(again.json.error).toContain('already blocked');

      const milder = await block({ domain: 'www.example.cn', severity: 'silence' });
      expect(milder.status).toBe(422);
      expect(milder.json.existing_domain_block.id).toBe(parent.json.id);
      expect(milder.json.error).toContain('example.cn');
      expect((await block({ domain: 'www.example.cn', severity: 'noop', reject_media: true })).status).toBe(422);

      const stricter = await block({ domain: 'bad.example.cn', severity: 'suspend' });
      expect(stricter.status).toBe(200);
      const alsoStricter = await block({ domain: 'reports.example.cn', severity: 'silence', reject_media: true, reject_reports: true });
      expect(alsoStricter.status).toBe(200);
      // Under the suspended subdomain nothing is stricter than a suspension except another.
      expect((await block({ domain: 'x.bad.example.cn', severity: 'silence', reject_media: true, reject_reports: true })).json.existing_domain_block.id).toBe(stricter.json.id);
      for (const id of [parent.json.id, stricter.json.id, alsoStricter.json.id]) await s.call('DELETE', `/api/v1/admin/domain_blocks/${id}`, { token: admin.token });
    });

    it('lists newest first with Link headers (max_id, min_id, since_id)', async () => {
      const ids: string[] = [];
      for (const d of ['a.example', 'b.example', 'c.example']) ids.push((await block({ domain: d, severity: 'noop', reject_reports: true })).json.id);
      const all = await s.call('GET', '/api/v1/admin/domain_blocks', { token: admin.token });
      expect(all.json.map((b: { id: string }) => b.id)).toEqual([...ids].reverse());
      const first = await s.call('GET', '/api/v1/admin/domain_blocks?limit=2', { token: admin.token });
      expect(first.json.map((b: { domain: string }) => b.domain)).toEqual(['c.example', 'b.example']);
      const link = String(first.headers.link);
      expect(link).toContain(`max_id=${ids[1]}`);
      expect(link).toContain(`min_id=${ids[2]}`);
      const next = await s.call('GET', `/api/v1/admin/domain_blocks?limit=2&max_id=${ids[1]}`, { token: admin.token });
      expect(next.json.map((b: { domain: string }) => b.domain)).toEqual(['a.example']);
      expect((await s.call('GET', `/api/v1/admin/domain_blocks?min_id=${ids[0]}&limit=1`, { token: admin.token })).json.map((b: { id: string }) => b.id)).toEqual([ids[1]]);
      expect((await s.call('GET', `/api/v1/admin/domain_blocks?since_id=${ids[1]}`, { token: admin.token })).json.map((b: { id: string }) => b.id)).toEqual([ids[2]]);
      for (const id of ids) await s.call('DELETE', `/api/v1/admin/domain_blocks/${id}`, { token: admin.token });
    });
  });

  describe('domain allows', () => {
    it('answers 422 naming domain to a bad one', async () => {
      for (const body of [{}, { domain: '' }, { domain: 'x y' }, { domain: 'https://friend.example/' }]) {
        const res = await s.call('POST', '/api/v1/admin/domain_allows', { token: admin.token, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(Object.keys(res.json.details)).toEqual(['domain']);
      }
    });

    it('allows a domain once (a repeat answers the same allow), shows, lists and removes it, in the audit log', async () => {
      const made = await s.call('POST', '/api/v1/admin/domain_allows', { token: admin.token, body: { domain: 'Friend.Example' } });
      expect(made.status).toBe(200);
      expect(Object.keys(made.json).sort()).toEqual(['created_at', 'domain', 'id']);
      expect(made.json.domain).toBe('friend.example');
      const again = await s.call('POST', '/api/v1/admin/domain_allows', { token: admin.token, form: { domain: 'friend.example.' } });
      expect(again.json).toEqual(made.json);
      expect((await s.call('GET', `/api/v1/admin/domain_allows/${made.json.id}`, { token: admin.token })).json).toEqual(made.json);
      const other = await s.call('POST', '/api/v1/admin/domain_allows', { token: admin.token, body: { domain: 'ally.example' } });
      const list = await s.call('GET', '/api/v1/admin/domain_allows?limit=1', { token: admin.token });
      expect(list.json).toEqual([other.json]);
      expect(String(list.headers.link)).toContain(`max_id=${other.json.id}`);
      expect((await s.call('DELETE', `/api/v1/admin/domain_allows/${made.json.id}`, { token: admin.token })).json).toEqual({});
      expect((await s.call('GET', `/api/v1/admin/domain_allows/${made.json.id}`, { token: admin.token })).status).toBe(404);
      expect((await s.call('DELETE', `/api/v1/admin/domain_allows/${made.json.id}`, { token: admin.token })).status).toBe(404);
      const log = (await audit()).filter((e) => e.subject_type === 'domain_allow' && e.subject_id === made.json.id);
      expect(log.map((e) => [e.action, e.actor_id, e.data.domain])).toEqual([
        ['domain_allow.destroy', admin.id, 'friend.example'],
        ['domain_allow.create', admin.id, 'friend.example'],
      ]);
    });
  });
});

describe.each(DIALECTS)('the instance’s list of domain blocks (%s)', (dialect) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const srv of servers) await srv.close();
  });

  /** A provider with these settings and the same three blocks: a silence, an obfuscated suspension, a noop. */
  async function provider(config: Parameters<typeof testServer>[1]) {
    const srv = await testServer(dialect, config);
    servers.push(srv);
    const admin = await staffUser(srv, 'admin');
    for (const body of [
      { domain: 'zz-silenced.example', severity: 'silence', public_comment: '广告' },
      { domain: 'bad.example.com', severity: 'suspend', obfuscate: true, public_comment: 'Harassment' },
      { domain: 'aa-noop.example', severity: 'noop', reject_media: true },
      { domain: 'aa-silenced.example', severity: 'silence' },
    ]) {
      const res = await srv.call('POST', '/api/v1/admin/domain_blocks', { token: admin.token, body });
      if (res.status !== 200) throw new Error(res.body);
    }
    return { srv, user: await citizen(srv) };
  }

  it('is a 404 by default, as Mastodon’s show_domain_blocks is disabled, signed in or not', async () => {
    const { srv, user } = await provider({});
    expect((await srv.call('GET', '/api/v1/instance/domain_blocks')).status).toBe(404);
    expect((await srv.call('GET', '/api/v1/instance/domain_blocks', { token: user.token })).status).toBe(404);
  });

  it('shows everyone the silenced then suspended domains, obfuscated where asked, with reasons for signed-in users only', async () => {
    const { srv, user } = await provider({ showDomainBlocks: 'all', showDomainBlocksRationale: 'users' });
    const anonymous = await srv.call('GET', '/api/v1/instance/domain_blocks');
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toEqual([
      { domain: 'aa-silenced.example', digest: sha256('aa-silenced.example'), severity: 'silence', comment: null },
      { domain: 'zz-silenced.example', digest: sha256('zz-silenced.example'), severity: 'silence', comment: null },
      { domain: 'bad.*******.com', digest: sha256('bad.example.com'), severity: 'suspend', comment: null },
    ]);
    const signedIn = await srv.call('GET', '/api/v1/instance/domain_blocks', { token: user.token });
    expect(signedIn.json.map((b: { comment: string | null }) => b.comment)).toEqual([null, '广告', 'Harassment']);
  });

  it('with show_domain_blocks users: a 404 to the anonymous, the list to users; in limited-federation mode a 401 to the anonymous', async () => {
    const { srv, user } = await provider({ showDomainBlocks: 'users', showDomainBlocksRationale: 'all' });
    expect((await srv.call('GET', '/api/v1/instance/domain_blocks')).status).toBe(404);
    const listed = await srv.call('GET', '/api/v1/instance/domain_blocks', { token: user.token });
    expect(listed.json.map((b: { comment: string | null }) => b.comment)).toEqual([null, '广告', 'Harassment']);

    const limited = await provider({ showDomainBlocks: 'all', limitedFederation: true });
    expect((await limited.srv.call('GET', '/api/v1/instance/domain_blocks')).status).toBe(401);
    expect((await limited.srv.call('GET', '/api/v1/instance/domain_blocks', { token: limited.user.token })).json).toHaveLength(3);
  });
});
