import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, institutionApplication, officialApplication, registerApp, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan, officialNaming, operatorOf, requestIn } from '../../../../test/gov-cast.js';
import { type TestServer, testServer } from '../../../../test/http.js';
import { findAppByClientId } from '../../../oauth/oauth.repository.js';
import { mintToken } from '../../../oauth/tokens.js';

/**
 * Who stands for what: reviewers decide with admin scopes only, operators act
 * only for an organ that is verified now, and nobody on an organ's side deals
 * with that organ as its citizen or its reviewer.
 */
describe.each(DIALECTS)('government standing (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  const decide = (token: string, id: string, decision: 'approve' | 'reject' | 'revoke') =>
    s.call('POST', `/api/v1/gov/verifications/${id}/${decision}`, { token, body: { reason: 'checked' } });

  async function pendingApplication(): Promise<{ applicant: Party; id: string }> {
    const applicant = await citizen(s);
    const res = await s.call('POST', '/api/v1/gov/verifications', { token: applicant.token, body: institutionApplication() });
    expect(res.status).toBe(201);
    return { applicant, id: res.json.id as string };
  }

  describe('reviewers decide with admin scopes', () => {
    it('a reviewer token with only write:accounts (or read write follow) gets 403 insufficient_scope on every decision and changes nothing', async () => {
      for (const scopes of [['write:accounts'], ['read', 'write', 'follow']]) {
        const token = await tokenWithScopes(s, reviewer.id, scopes);
        const a = await pendingApplication();
        const b = await fastOrgan(s, reviewer.token);
        for (const [id, d] of [[a.id, 'approve'], [a.id, 'reject'], [b.verificationId, 'revoke']] as const) {
          const res = await decide(token, id, d);
          expect(res.status, `${scopes.join(' ')} ${d}`).toBe(403);
          expect(res.json.code).toBe('insufficient_scope');
        }
        const still = await s.call('GET', `/api/v1/gov/verifications/${a.id}`, { token: reviewer.token });
        expect(still.json.state).toBe('pending');
      }
    });

    it('with admin:write:accounts, or admin:write, a reviewer approves, rejects and revokes', async () => {
      for (const scopes of [['admin:write:accounts'], ['admin:write']]) {
        const token = await tokenWithScopes(s, reviewer.id, scopes);
        const a = await pendingApplication();
        const b = await pendingApplication();
        expect((await decide(token, a.id, 'approve')).json.state).toBe('approved');
        expect((await decide(token, b.id, 'reject')).json.state).toBe('rejected');
        expect((await decide(token, a.id, 'revoke')).json.state).toBe('revoked');
      }
    });

    it('a plain user with admin scopes still gets 403 forbidden: the role decides, not the scope', async () => {
      const user = await citizen(s);
      const token = await tokenWithScopes(s, user.id, ['read', 'write', 'admin:read', 'admin:write']);
      const a = await pendingApplication();
      for (const d of ['approve', 'reject', 'revoke'] as const) {
        const res = await decide(token, a.id, d);
        expect(res.status, d).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
    });

    it("the queue and others' applications need admin:read:accounts; without it a reviewer sees only their own", async () => {
      const a = await pendingApplication();
      const plain = await tokenWithScopes(s, reviewer.id, ['read']);
      const list = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: plain });
      expect(list.status).toBe(200);
      expect(list.json.map((v: { id: string }) => v.id)).not.toContain(a.id);
      expect((await s.call('GET', `/api/v1/gov/verifications/${a.id}`, { token: plain })).status).toBe(404);
      for (const scopes of [['read', 'admin:read:accounts'], ['read', 'admin:read']]) {
        const admin = await tokenWithScopes(s, reviewer.id, scopes);
        const queue = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: admin });
        expect(queue.json.map((v: { id: string }) => v.id)).toContain(a.id);
        expect((await s.call('GET', `/api/v1/gov/verifications/${a.id}`, { token: admin })).status).toBe(200);
      }
    });
  });

  describe("operators act only for an organ verified now", () => {
    it("after the organ's revocation, its operator signed in as themself neither reads nor accepts its private complaints", async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      await operatorOf(s, organ, staff);
      const asker = await citizen(s);
      const id = await requestIn(s, asker.token, organ, 'submitted', 'private');
      expect((await s.call('GET', `/api/v1/gov/requests/${id}`, { token: staff.token })).status).toBe(200);
      expect((await decide(reviewer.token, organ.verificationId, 'revoke')).status).toBe(200);
      expect((await s.call('GET', `/api/v1/gov/requests/${id}`, { token: staff.token })).status).toBe(404);
      expect((await s.call('POST', `/api/v1/gov/requests/${id}/accept`, { token: staff.token })).status).toBe(404);
      const seen = await s.call('GET', `/api/v1/gov/requests/${id}`, { token: asker.token });
      expect(seen.json.state).toBe('submitted');
    });

    it('after the organ is re-verified as an official, the operator tokens minted for it stop posting', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      const token = await operatorOf(s, organ, staff);
      expect((await s.call('POST', '/api/v1/statuses', { token, body: { status: '政务公开' } })).status).toBe(200);
      const again = await s.call('POST', '/api/v1/gov/verifications', { token: organ.token, body: officialApplication() });
      expect(again.status).toBe(201);
      expect((await decide(reviewer.token, again.json.id, 'approve')).status).toBe(200);
      const post = await s.call('POST', '/api/v1/statuses', { token, body: { status: '仍以机构名义发布' } });
      expect(post.status).toBe(401);
      expect((await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operator_token`, { token: staff.token })).status).toBe(404);
    });
  });

  describe('no self-dealing in service requests', () => {
    const submit = (token: string, organId: string) =>
      s.call('POST', '/api/v1/gov/requests', { token, body: { account_id: organId, category: 'inquiry', text: '请问如何办理？', visibility: 'public' } });

    it('the organ, its operator token and its operator signed in as themself cannot file a request to it (403)', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      const token = await operatorOf(s, organ, staff);
      for (const [who, t] of [['organ', organ.token], ['operator token', token], ['operator', staff.token]] as const) {
        const res = await submit(t, organ.id);
        expect(res.status, who).toBe(403);
        expect(res.json.code, who).toBe('forbidden');
      }
      const record = await s.call('GET', `/api/v1/gov/accounts/${organ.id}/service_stats`);
      expect(record.json).toMatchObject({ total: 0 });
    });

    it('an operator removed later still may not file to the organ (a removal and re-adding must not launder ratings)', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      await operatorOf(s, organ, staff);
      expect((await s.call('DELETE', `/api/v1/gov/accounts/${organ.id}/operators/${staff.id}`, { token: organ.token })).status).toBe(200);
      const res = await submit(staff.token, organ.id);
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
      // Another organ is another matter.
      const other = await fastOrgan(s, reviewer.token);
      expect((await submit(staff.token, other.id)).status).toBe(201);
    });

    it('a citizen who has since become an operator of the organ cannot rate its handling', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const asker = await citizen(s);
      const id = await requestIn(s, asker.token, organ, 'resolved', 'public');
      await operatorOf(s, organ, asker);
      const res = await s.call('POST', `/api/v1/gov/requests/${id}/rate`, { token: asker.token, body: { score: 5 } });
      expect(res.status).toBe(403);
      expect(res.json.code).toBe('forbidden');
      const row = await s.call('GET', `/api/v1/gov/requests/${id}`);
      expect(row.json.rating ?? null).toBeNull();
    });
  });

  describe('conflicts of interest', () => {
    it("a reviewer who operates an organ cannot decide the organ's applications, nor those naming it", async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const insider = await staffUser(s, 'reviewer');
      await operatorOf(s, organ, insider);
      const { id: naming } = await officialNaming(s, organ.id);
      for (const [id, d] of [[organ.verificationId, 'revoke'], [naming, 'approve'], [naming, 'reject']] as const) {
        const res = await decide(insider.token, id, d);
        expect(res.status, d).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
      // Another reviewer decides as usual.
      expect((await decide(reviewer.token, naming, 'approve')).status).toBe(200);
    });

    it('an organ cannot name itself in an application (422 organ_account_id), nor vouch for its own', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const res = await s.call('POST', '/api/v1/gov/verifications', { token: organ.token, body: officialApplication({ organ_account_id: organ.id }) });
      expect(res.status).toBe(422);
      expect(Object.keys(res.json.details)).toEqual(['organ_account_id']);
    });

    it('an operator cannot vouch for their own application, neither as themself nor through the organ token', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      const token = await operatorOf(s, organ, staff);
      const own = await s.call('POST', '/api/v1/gov/verifications', { token: staff.token, body: officialApplication({ organ_account_id: organ.id }) });
      expect(own.status).toBe(201);
      for (const t of [staff.token, token]) {
        const res = await s.call('POST', `/api/v1/gov/verifications/${own.json.id}/vouch`, { token: t });
        expect(res.status).toBe(403);
        expect(res.json.code).toBe('forbidden');
      }
      const seen = await s.call('GET', `/api/v1/gov/verifications/${own.json.id}`, { token: reviewer.token });
      expect(seen.json.vouches).toEqual([]);
      // The organ itself still vouches for its staff member.
      expect((await s.call('POST', `/api/v1/gov/verifications/${own.json.id}/vouch`, { token: organ.token })).status).toBe(200);
    });
  });

  describe('tokens minted from a personal token', () => {
    it("revoking the operator's personal token ends the organ tokens minted from it", async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const staff = await citizen(s);
      await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operators`, { token: organ.token, body: { account_id: staff.id } });
      const client = await registerApp(s);
      const app = await findAppByClientId(s.ctx.db, client.clientId);
      const personal = (await mintToken(s.ctx, s.ctx.db, { appId: Number(app?.id), accountId: Number(staff.id), scopes: ['read', 'write', 'follow'] })).access_token;
      const organToken = (await s.call('POST', `/api/v1/gov/accounts/${organ.id}/operator_token`, { token: personal })).json.access_token as string;
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: organToken })).json.id).toBe(organ.id);
      const revoked = await s.call('POST', '/oauth/revoke', { body: { client_id: client.clientId, client_secret: client.clientSecret, token: personal } });
      expect(revoked.status).toBe(200);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: personal })).status).toBe(401);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: organToken })).status).toBe(401);
      // Their other sessions and the organ's own token are untouched.
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: staff.token })).status).toBe(200);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: organ.token })).status).toBe(200);
    });
  });

  describe('invisible characters in verified names', () => {
    const HIDDEN = ['\u200B', '\u200D', '\u200E', '\u200F', '\u202A', '\u202E', '\u2060', '\u2066', '\u2069', '\uFEFF'];

    it('refuses zero-width and bidi controls in organ_name, position and verification with 422 naming the field', async () => {
      const user = await citizen(s);
      for (const ch of HIDDEN) {
        for (const [field, body] of [
          ['organ_name', institutionApplication({ organ_name: `北京市${ch}公安局` })],
          ['verification', institutionApplication({ verification: `北京市公安局${ch}官方微博` })],
          ['position', officialApplication({ position: `副${ch}区长` })],
        ] as const) {
          const res = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body });
          expect(res.status, `${field} U+${ch.codePointAt(0)?.toString(16)}`).toBe(422);
          expect(Object.keys(res.json.details)).toEqual([field]);
        }
      }
    });

    it("flags to the reviewer a display name that already carries them", async () => {
      const user = await citizen(s);
      const upd = await s.call('PATCH', '/api/v1/accounts/update_credentials', { token: user.token, body: { display_name: '北京市\u202E局安公' } });
      expect(upd.status).toBe(200);
      const res = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication() });
      expect(res.status).toBe(201);
      const seen = await s.call('GET', `/api/v1/gov/verifications/${res.json.id}`, { token: reviewer.token });
      expect(seen.json.flags).toEqual(['display_name_invisible_characters']);
      const clean = await pendingApplication();
      expect((await s.call('GET', `/api/v1/gov/verifications/${clean.id}`, { token: reviewer.token })).json.flags).toEqual([]);
    });
  });

  describe("reviewers read others' private records with admin scopes only", () => {
    it('a reviewer token without admin:read reads a private request, operators and the whole audit log as anybody would', async () => {
      const organ = await fastOrgan(s, reviewer.token);
      const alice = await citizen(s);
      const requestId = await requestIn(s, alice.token, organ, 'submitted', 'private');
      const plain = await tokenWithScopes(s, reviewer.id, ['read', 'write']);

      expect((await s.call('GET', `/api/v1/gov/requests/${requestId}`, { token: reviewer.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/gov/requests/${requestId}`, { token: plain })).status).toBe(404);
      expect((await s.call('GET', `/api/v1/gov/accounts/${organ.id}/operators`, { token: reviewer.token })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/gov/accounts/${organ.id}/operators`, { token: plain })).status).toBe(403);

      const actors = async (token: string) =>
        ((await s.call('GET', '/api/v1/gov/audit_log?limit=80', { token })).json as { actor_id: string | null }[]).map((e) => e.actor_id);
      expect(await actors(reviewer.token)).toContain(organ.id);
      expect(await actors(plain)).not.toContain(organ.id);
    });
  });
});
