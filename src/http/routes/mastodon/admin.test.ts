import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, signUpUser, staffUser, tokenWithScopes, unique } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, cookieHeader, testServer } from '../../../../test/http.js';
import { photoJpeg } from '../../../../test/images.js';

const RULES = [
  { text: '不得发布违法信息', hint: '' },
  { text: '不得骚扰他人', hint: '' },
];

/** The hidden inputs of the sign-in form, as a browser submits them. */
function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) out[(m[1] as string).replace(/&amp;/g, '&')] = (m[2] as string).replace(/&amp;/g, '&');
  return out;
}

describe.each(DIALECTS)('the admin API: reports and accounts (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;
  let admin: Party;
  let organ: Party;
  let reporter: Party;

  beforeAll(async () => {
    s = await testServer(dialect, { rules: RULES });
    reviewer = await staffUser(s, 'reviewer');
    admin = await staffUser(s, 'admin');
    organ = await fastOrgan(s, reviewer.token);
    reporter = await citizen(s);
  });
  afterAll(async () => {
    await s?.close();
  });

  const report = async (target: Party, body: Record<string, unknown> = {}) => {
    const res = await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: target.id, category: 'spam', ...body } });
    expect(res.status, res.body).toBe(200);
    return res.json.id as string;
  };
  const action = (token: string, target: string, body: Record<string, unknown>) => s.call('POST', `/api/v1/admin/accounts/${target}/action`, { token, body });
  const notificationsOf = async (token: string) => (await s.call('GET', '/api/v1/notifications', { token })).json as { type: string; moderation_warning?: Record<string, unknown> }[];

  describe('who may not', () => {
    it('keeps the queue and accounts from citizens and organs (403), and from tokens without the admin scopes', async () => {
      for (const token of [reporter.token, organ.token]) {
        for (const url of ['/api/v1/admin/reports', '/api/v1/admin/accounts', '/api/v2/admin/accounts', `/api/v1/admin/accounts/${organ.id}`]) {
          expect((await s.call('GET', url, { token })).status, url).toBe(403);
        }
        expect((await action(token, organ.id, { type: 'none', text: 'x' })).status).toBe(403);
      }
      const noAdminScope = await tokenWithScopes(s, reviewer.id, ['read', 'write']);
      expect((await s.call('GET', '/api/v1/admin/reports', { token: noAdminScope })).status).toBe(403);
      const readOnly = await tokenWithScopes(s, admin.id, ['admin:read']);
      expect((await s.call('GET', '/api/v1/admin/reports', { token: readOnly })).status).toBe(200);
      expect((await action(readOnly, organ.id, { type: 'suspend' })).status).toBe(403);
      expect((await s.call('GET', '/api/v1/admin/reports')).status).toBe(401);
    });

    it('lets a reviewer warn and mark sensitive, never silence, disable, suspend, unsuspend or delete', async () => {
      const target = await citizen(s);
      for (const type of ['silence', 'disable', 'suspend']) {
        const res = await action(reviewer.token, target.id, { type });
        expect(res.status, type).toBe(403);
      }
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsuspend`, { token: reviewer.token })).status).toBe(403);
      expect((await s.call('DELETE', `/api/v1/admin/accounts/${target.id}`, { token: reviewer.token })).status).toBe(403);
      const still = await s.call('GET', `/api/v1/admin/accounts/${target.id}`, { token: reviewer.token });
      expect(still.json).toMatchObject({ suspended: false, silenced: false, disabled: false });
      expect((await action(reviewer.token, target.id, { type: 'none', text: '请遵守规则' })).status).toBe(200);
      expect((await action(reviewer.token, target.id, { type: 'sensitive' })).status).toBe(200);
    });

    it('lets nobody act on themself, on staff of their rank or above, or on an organ they operate', async () => {
      const other = await staffUser(s, 'reviewer');
      expect((await action(reviewer.token, reviewer.id, { type: 'none', text: 'x' })).status).toBe(403);
      expect((await action(reviewer.token, other.id, { type: 'none', text: 'x' })).status).toBe(403);
      expect((await action(reviewer.token, admin.id, { type: 'none', text: 'x' })).status).toBe(403);
      const admin2 = await staffUser(s, 'admin');
      expect((await action(admin.token, admin2.id, { type: 'suspend' })).status).toBe(403);
      const staffOrgan = await fastOrgan(s, reviewer.token);
      const operatingAdmin = await staffUser(s, 'admin');
      await operatorOf(s, staffOrgan, operatingAdmin);
      expect((await action(operatingAdmin.token, staffOrgan.id, { type: 'suspend' })).status).toBe(403);
      expect((await action(admin.token, staffOrgan.id, { type: 'none' })).status).toBe(200);
    });

    it('answers 404 for unknown ids and presets, 422 for a bad type or a report about someone else', async () => {
      expect((await action(admin.token, '999999999', { type: 'none' })).status).toBe(404);
      expect((await action(admin.token, 'abc', { type: 'none' })).status).toBe(404);
      const target = await citizen(s);
      const bad = await action(admin.token, target.id, { type: 'ban' });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.json.details)).toEqual(['type']);
      expect((await action(admin.token, target.id, { type: 'none', warning_preset_id: '1' })).status).toBe(404);
      expect((await action(admin.token, target.id, { type: 'none', report_id: '999999999' })).status).toBe(404);
      const aboutOrgan = await report(organ);
      const wrong = await action(admin.token, target.id, { type: 'none', report_id: aboutOrgan });
      expect(wrong.status).toBe(422);
      expect(Object.keys(wrong.json.details)).toEqual(['report_id']);
      for (const url of ['/api/v1/admin/reports/999999999', '/api/v1/admin/reports/abc', '/api/v1/admin/accounts/999999999']) {
        expect((await s.call('GET', url, { token: reviewer.token })).status, url).toBe(404);
      }
    });
  });

  describe('the report queue', () => {
    it('lists open reports newest first as Admin::Report, filters them and pages with Link', async () => {
      const target = await citizen(s);
      const post = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '广告 广告', visibility: 'private' } })).json.id;
      // A private status the reporter cannot see cannot be reported; a public one can.
      const open = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '加微信领奖' } })).json.id;
      const hidden = await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: target.id, status_ids: [post] } });
      expect(hidden.status).toBe(422);
      const first = await report(target, { status_ids: [open], rule_ids: ['1'], comment: '诈骗' });
      const second = await report(target);
      const page = await s.call('GET', `/api/v1/admin/reports?target_account_id=${target.id}&limit=1`, { token: reviewer.token });
      expect(page.status).toBe(200);
      expect(page.json.map((r: { id: string }) => r.id)).toEqual([second]);
      expect(String(page.headers.link)).toContain(`max_id=${second}`);
      const next = await s.call('GET', `/api/v1/admin/reports?target_account_id=${target.id}&max_id=${second}`, { token: reviewer.token });
      expect(next.json.map((r: { id: string }) => r.id)).toEqual([first]);
      expect(next.json[0]).toEqual({
        id: first,
        action_taken: false,
        action_taken_at: null,
        category: 'violation',
        comment: '诈骗',
        forwarded: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        account: expect.objectContaining({ id: reporter.id, username: expect.any(String), email: null, role: expect.objectContaining({ name: 'user' }), account: expect.objectContaining({ id: reporter.id }) }),
        target_account: expect.objectContaining({ id: target.id, suspended: false, silenced: false }),
        assigned_account: null,
        action_taken_by_account: null,
        statuses: [expect.objectContaining({ id: open })],
        rules: [{ id: '1', text: RULES[0]?.text, hint: '' }],
      });
      const byReporter = await s.call('GET', `/api/v1/admin/reports?account_id=${reporter.id}&target_account_id=${target.id}`, { token: reviewer.token });
      expect(byReporter.json).toHaveLength(2);
      expect((await s.call('GET', `/api/v1/admin/reports?account_id=${target.id}`, { token: reviewer.token })).json).toEqual([]);
      expect((await s.call('GET', '/api/v1/admin/reports?limit=x', { token: reviewer.token })).status).toBe(422);
    });

    it('assigns, unassigns, resolves, reopens and recategorises, each in the audit log', async () => {
      const target = await citizen(s);
      const id = await report(target);
      const assigned = await s.call('POST', `/api/v1/admin/reports/${id}/assign_to_self`, { token: reviewer.token });
      expect(assigned.json.assigned_account).toMatchObject({ id: reviewer.id });
      expect((await s.call('POST', `/api/v1/admin/reports/${id}/unassign`, { token: reviewer.token })).json.assigned_account).toBeNull();
      const resolved = await s.call('POST', `/api/v1/admin/reports/${id}/resolve`, { token: reviewer.token });
      expect(resolved.json).toMatchObject({ action_taken: true, action_taken_at: expect.any(String), action_taken_by_account: { id: reviewer.id } });
      const openIds = (await s.call('GET', `/api/v1/admin/reports?target_account_id=${target.id}`, { token: reviewer.token })).json.map((r: { id: string }) => r.id);
      expect(openIds).toEqual([]);
      const done = (await s.call('GET', `/api/v1/admin/reports?resolved=true&target_account_id=${target.id}`, { token: reviewer.token })).json.map((r: { id: string }) => r.id);
      expect(done).toEqual([id]);
      expect((await s.call('POST', `/api/v1/admin/reports/${id}/reopen`, { token: reviewer.token })).json).toMatchObject({ action_taken: false, action_taken_at: null, action_taken_by_account: null });

      const bad = await s.call('PUT', `/api/v1/admin/reports/${id}`, { token: reviewer.token, body: { category: 'violation' } });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.json.details)).toEqual(['rule_ids']);
      const rulesOnSpam = await s.call('PUT', `/api/v1/admin/reports/${id}`, { token: reviewer.token, body: { category: 'spam', rule_ids: ['1'] } });
      expect(rulesOnSpam.status).toBe(422);
      const unknownRule = await s.call('PUT', `/api/v1/admin/reports/${id}`, { token: reviewer.token, body: { category: 'violation', rule_ids: ['9'] } });
      expect(Object.keys(unknownRule.json.details)).toEqual(['rule_ids']);
      const updated = await s.call('PUT', `/api/v1/admin/reports/${id}`, { token: reviewer.token, body: { category: 'violation', rule_ids: ['2'] } });
      expect(updated.json).toMatchObject({ category: 'violation', rules: [{ id: '2' }] });
      expect((await s.call('PUT', `/api/v1/admin/reports/${id}`, { token: reviewer.token, body: { category: 'legal' } })).json).toMatchObject({ category: 'legal', rules: [] });

      const log = await s.call('GET', '/api/v1/gov/audit_log', { token: reviewer.token });
      const actions = log.json.filter((e: { subject_type: string; subject_id: string }) => e.subject_type === 'report' && e.subject_id === id).map((e: { action: string }) => e.action);
      expect(actions).toEqual(['report.update', 'report.update', 'report.reopen', 'report.resolve', 'report.unassign', 'report.assign_to_self']);
      expect(log.json.filter((e: { subject_type: string; subject_id: string }) => e.subject_type === 'report' && e.subject_id === id).every((e: { actor_id: string }) => e.actor_id === reviewer.id)).toBe(true);
    });
  });

  describe('actions on accounts', () => {
    it('warns: a strike, the report resolved, the account told by a moderation_warning that names no moderator', async () => {
      const target = await citizen(s);
      const post = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '不文明用语' } })).json.id;
      const id = await report(target, { status_ids: [post] });
      const other = await report(target);
      expect((await action(reviewer.token, target.id, { type: 'none', report_id: id, text: '请文明发言' })).json).toEqual({});
      const [n] = await notificationsOf(target.token);
      expect(n).toMatchObject({ type: 'moderation_warning', account: { id: target.id } });
      expect(n?.moderation_warning).toEqual({
        id: expect.any(String),
        action: 'none',
        text: '请文明发言',
        status_ids: [post],
        created_at: expect.any(String),
        target_account: expect.objectContaining({ id: target.id }),
        appeal: null,
      });
      expect(JSON.stringify(n)).not.toContain(`"${reviewer.id}"`);
      const grouped = await s.call('GET', '/api/v2/notifications', { token: target.token });
      expect(grouped.json.notification_groups[0]).toMatchObject({ type: 'moderation_warning', moderation_warning: { text: '请文明发言' } });
      // A warning answers the report it cites, not the others.
      const open = (await s.call('GET', `/api/v1/admin/reports?target_account_id=${target.id}`, { token: reviewer.token })).json.map((r: { id: string }) => r.id);
      expect(open).toEqual([other]);
      // No text and no notification asked for: nothing to tell.
      await action(reviewer.token, target.id, { type: 'none' });
      await action(reviewer.token, target.id, { type: 'none', text: '再次提醒', send_email_notification: false });
      expect((await notificationsOf(target.token)).filter((x) => x.type === 'moderation_warning')).toHaveLength(1);
      // The audit log records each; the warned account's own log does not name the moderator.
      const log = await s.call('GET', '/api/v1/gov/audit_log', { token: admin.token });
      expect(log.json.filter((e: { action: string; subject_id: string }) => e.action === 'account.warn' && e.subject_id === target.id)).toHaveLength(3);
      const own = await s.call('GET', '/api/v1/gov/audit_log', { token: target.token });
      expect(own.json.map((e: { actor_id: string }) => e.actor_id)).not.toContain(reviewer.id);
    });

    it('silences: posts leave the public and hashtag timelines for everyone (as Mastodon), followers keep them at home, Account shows limited', async () => {
      const target = await citizen(s);
      const follower = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: follower.token });
      const post = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '刷屏 #限流测试#' } })).json.id;
      const id = await report(target);
      expect((await action(admin.token, target.id, { type: 'silence', text: '刷屏' })).status).toBe(200);
      const ids = async (url: string, token?: string) => (await s.call('GET', url, token ? { token } : {})).json.map((x: { id: string }) => x.id);
      for (const url of ['/api/v1/timelines/public', '/api/v1/timelines/tag/限流测试']) {
        expect(await ids(url), url).not.toContain(post);
        expect(await ids(url, reporter.token), url).not.toContain(post);
        expect(await ids(url, follower.token), url).not.toContain(post);
        expect(await ids(url, target.token), url).not.toContain(post);
      }
      expect(await ids('/api/v1/timelines/home', follower.token)).toContain(post);
      const account = await s.call('GET', `/api/v1/accounts/${target.id}`);
      expect(account.json.limited).toBe(true);
      expect((await s.call('GET', `/api/v1/statuses/${post}`)).status).toBe(200);
      // Any action but a warning answers every open report about the account.
      const resolved = await s.call('GET', `/api/v1/admin/reports/${id}`, { token: reviewer.token });
      expect(resolved.json).toMatchObject({ action_taken: true, action_taken_by_account: { id: admin.id } });
      expect((await s.call('GET', '/api/v2/admin/accounts?status=silenced', { token: reviewer.token })).json.map((a: { id: string }) => a.id)).toContain(target.id);
      expect((await s.call('GET', '/api/v1/admin/accounts?silenced=true', { token: reviewer.token })).json.map((a: { id: string }) => a.id)).toContain(target.id);

      const back = await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsilence`, { token: admin.token });
      expect(back.json).toMatchObject({ id: target.id, silenced: false });
      expect(await ids('/api/v1/timelines/public')).toContain(post);
      expect((await s.call('GET', `/api/v1/accounts/${target.id}`)).json.limited).toBeUndefined();
    });

    it('marks media sensitive: new posts with media are sensitive whatever the poster says, until unsensitive', async () => {
      const target = await citizen(s);
      const upload = async () => (await s.call('POST', '/api/v2/media', { token: target.token, multipart: { file: { data: await photoJpeg(64, 48), name: 'a.jpg', type: 'image/jpeg' } } })).json.id as string;
      expect((await action(reviewer.token, target.id, { type: 'sensitive' })).status).toBe(200);
      expect((await s.call('GET', `/api/v1/admin/accounts/${target.id}`, { token: reviewer.token })).json.sensitized).toBe(true);
      const posted = await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '图', media_ids: [await upload()], sensitive: false } });
      expect(posted.json.sensitive).toBe(true);
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsensitive`, { token: reviewer.token })).json.sensitized).toBe(false);
      const after = await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '图', media_ids: [await upload()] } });
      expect(after.json.sensitive).toBe(false);
    });

    it('disables: the token is refused with 403 and sign-in too, until enabled again', async () => {
      const target = await signUpUser(s, unique('dis'));
      expect((await action(admin.token, target.id, { type: 'disable' })).status).toBe(200);
      const refused = await s.call('GET', '/api/v1/accounts/verify_credentials', { token: target.token });
      expect(refused.status).toBe(403);
      expect(refused.json.error).toBe('Your login is currently disabled');
      expect(await signInStatus(target.username)).toBe(403);
      expect((await s.call('GET', '/api/v1/admin/accounts?disabled=true', { token: admin.token })).json.map((a: { id: string }) => a.id)).toContain(target.id);
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/enable`, { token: reviewer.token })).status).toBe(403);
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/enable`, { token: admin.token })).json.disabled).toBe(false);
      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: target.token })).status).toBe(200);
      expect(await signInStatus(target.username)).toBe(302);
    });

    it('suspends: sessions end, sign-in is refused, the profile and statuses are hidden; unsuspend reopens', async () => {
      const target = await signUpUser(s, unique('sus'));
      const follower = await citizen(s);
      await s.call('POST', `/api/v1/accounts/${target.id}/follow`, { token: follower.token });
      const post = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '冒充政府 #冒充#' } })).json.id;
      expect((await s.call('GET', '/api/v1/timelines/home', { token: follower.token })).json.map((x: { id: string }) => x.id)).toContain(post);
      const boost = (await s.call('POST', `/api/v1/statuses/${post}/reblog`, { token: follower.token })).json.id;
      const reply = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '回复', in_reply_to_id: (await s.call('POST', '/api/v1/statuses', { token: follower.token, body: { status: '提问' } })).json.id } })).json;
      const reportId = await report(target, { status_ids: [post] });
      expect((await action(admin.token, target.id, { type: 'suspend', text: '冒充政府机构' })).status).toBe(200);
      // Taken down wherever it showed: a follower's reblog of it, its reply in another's thread.
      const followerPosts = (await s.call('GET', `/api/v1/accounts/${follower.id}/statuses`, { token: follower.token })).json.map((x: { id: string }) => x.id);
      expect(followerPosts).not.toContain(boost);
      const thread = await s.call('GET', `/api/v1/statuses/${reply.in_reply_to_id}/context`, { token: follower.token });
      expect(thread.json.descendants.map((x: { id: string }) => x.id)).not.toContain(reply.id);
      // The moderators still see what was reported, to judge it.
      const judged = await s.call('GET', `/api/v1/admin/reports/${reportId}`, { token: admin.token });
      expect(judged.json.statuses.map((x: { id: string }) => x.id)).toEqual([post]);
      expect(judged.json).toMatchObject({ action_taken: true });

      expect((await s.call('GET', '/api/v1/accounts/verify_credentials', { token: target.token })).status).toBe(401);
      expect(await signInStatus(target.username)).toBe(403);
      expect((await s.call('GET', `/api/v1/accounts/${target.id}`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/accounts/${target.id}/statuses`)).status).toBe(404);
      expect((await s.call('GET', `/api/v1/statuses/${post}`)).status).toBe(404);
      for (const step of ['reblog', 'favourite']) expect((await s.call('POST', `/api/v1/statuses/${post}/${step}`, { token: reporter.token })).status, step).toBe(404);
      expect((await s.call('POST', `/api/v1/statuses/${boost}/reblog`, { token: reporter.token })).status).toBe(404);
      for (const url of ['/api/v1/timelines/public', '/api/v1/timelines/tag/冒充']) {
        expect((await s.call('GET', url, { token: follower.token })).json.map((x: { id: string }) => x.id), url).not.toContain(post);
      }
      expect((await s.call('GET', '/api/v1/timelines/home', { token: follower.token })).json.map((x: { id: string }) => x.id)).not.toContain(post);
      expect((await s.call('POST', '/api/v1/reports', { token: reporter.token, body: { account_id: target.id } })).status).toBe(404);
      const seen = await s.call('GET', `/api/v1/admin/accounts/${target.id}`, { token: reviewer.token });
      expect(seen.json).toMatchObject({ suspended: true, account: { suspended: true, display_name: '', fields: [] } });
      expect((await s.call('GET', '/api/v2/admin/accounts?status=suspended', { token: reviewer.token })).json.map((a: { id: string }) => a.id)).toContain(target.id);
      expect((await s.call('GET', '/api/v1/admin/accounts', { token: reviewer.token })).json.map((a: { id: string }) => a.id)).not.toContain(target.id);

      const back = await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsuspend`, { token: admin.token });
      expect(back.json).toMatchObject({ suspended: false });
      expect((await s.call('GET', `/api/v1/accounts/${target.id}`)).status).toBe(200);
      expect((await s.call('GET', `/api/v1/statuses/${post}`)).status).toBe(200);
      expect((await s.call('GET', '/api/v1/timelines/home', { token: follower.token })).json.map((x: { id: string }) => x.id)).toContain(post);
      expect(await signInStatus(target.username)).toBe(302);
      // Not suspended any longer: nothing to unsuspend.
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsuspend`, { token: admin.token })).status).toBe(403);
      const log = await s.call('GET', '/api/v1/gov/audit_log', { token: admin.token });
      const mine = log.json.filter((e: { subject_type: string; subject_id: string }) => e.subject_type === 'moderated_account' && e.subject_id === target.id).map((e: { action: string }) => e.action);
      expect(mine).toEqual(['account.unsuspend', 'account.suspend']);
    });

    it('keeps a suspended organ in the census feed as closed from its suspension, and open again once unsuspended', async () => {
      const suspendedOrgan = await fastOrgan(s, reviewer.token);
      const inFeed = async () => {
        const feed = await s.call('GET', `/api/v1/gov/directory?limit=1000`);
        return feed.json.find((r: { id: string }) => r.id === suspendedOrgan.id) as { closed_at: string | null } | undefined;
      };
      expect((await inFeed())?.closed_at).toBeNull();
      await action(admin.token, suspendedOrgan.id, { type: 'suspend' });
      expect((await inFeed())?.closed_at).toEqual(expect.any(String));
      expect((await s.call('GET', '/api/v1/directory?limit=80')).json.map((a: { id: string }) => a.id)).not.toContain(suspendedOrgan.id);
      await s.call('POST', `/api/v1/admin/accounts/${suspendedOrgan.id}/unsuspend`, { token: admin.token });
      expect((await inFeed())?.closed_at).toBeNull();
    });

    it('deletes only a suspended account, and then for good', async () => {
      const target = await citizen(s);
      const post = (await s.call('POST', '/api/v1/statuses', { token: target.token, body: { status: '待删除' } })).json.id;
      expect((await s.call('DELETE', `/api/v1/admin/accounts/${target.id}`, { token: admin.token })).status).toBe(403);
      await action(admin.token, target.id, { type: 'suspend' });
      expect((await s.call('DELETE', `/api/v1/admin/accounts/${target.id}`, { token: admin.token })).json).toEqual({});
      const row = await s.ctx.db.selectFrom('statuses').select('deleted_at').where('id', '=', Number(post)).executeTakeFirstOrThrow();
      expect(row.deleted_at).not.toBeNull();
      expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/unsuspend`, { token: admin.token })).status).toBe(403);
      expect((await s.call('DELETE', `/api/v1/admin/accounts/${target.id}`, { token: admin.token })).status).toBe(403);
    });

    it('answers approve and reject as Mastodon does for an account that is not pending: 403', async () => {
      const target = await citizen(s);
      for (const step of ['approve', 'reject']) {
        expect((await s.call('POST', `/api/v1/admin/accounts/${target.id}/${step}`, { token: admin.token })).status).toBe(403);
        expect((await s.call('POST', `/api/v1/admin/accounts/999999999/${step}`, { token: admin.token })).status).toBe(404);
      }
    });
  });

  describe('account lists', () => {
    it('filters as Mastodon: v1 flags and v2 origin, status, permissions, role_ids, username', async () => {
      const name = unique('filt');
      const target = await staffUser(s, 'user', name);
      const ids = async (url: string) => (await s.call('GET', url, { token: reviewer.token })).json.map((a: { id: string }) => a.id) as string[];
      expect(await ids(`/api/v1/admin/accounts?username=${name.toUpperCase()}`)).toEqual([target.id]);
      expect(await ids(`/api/v2/admin/accounts?username=${name}`)).toEqual([target.id]);
      expect(await ids('/api/v1/admin/accounts?remote=true')).toEqual([]);
      expect(await ids('/api/v1/admin/accounts?pending=true')).toEqual([]);
      expect(await ids('/api/v2/admin/accounts?origin=remote')).toEqual([]);
      expect(await ids('/api/v1/admin/accounts?ip=127.0.0.1')).toEqual([]);
      const staff = await ids('/api/v1/admin/accounts?staff=true');
      expect(staff).toContain(reviewer.id);
      expect(staff).toContain(admin.id);
      expect(staff).not.toContain(target.id);
      expect(await ids('/api/v2/admin/accounts?permissions=staff')).not.toContain(target.id);
      const admins = await ids('/api/v2/admin/accounts?role_ids[]=admin');
      expect(admins).toContain(admin.id);
      expect(admins).not.toContain(reviewer.id);
      const badIp = await s.call('GET', '/api/v1/admin/accounts?ip=not-an-ip', { token: reviewer.token });
      expect(badIp.status).toBe(422);
      expect(Object.keys(badIp.json.details)).toEqual(['ip']);
      expect((await s.call('GET', '/api/v2/admin/accounts?status=gone', { token: reviewer.token })).status).toBe(422);
      const one = await s.call('GET', `/api/v1/admin/accounts/${target.id}`, { token: reviewer.token });
      expect(one.json).toEqual({
        id: target.id,
        username: name,
        domain: null,
        created_at: expect.any(String),
        email: null,
        ip: null,
        ips: [],
        role: { id: 'user', name: 'user', color: '', permissions: '0', highlighted: false },
        confirmed: true,
        suspended: false,
        silenced: false,
        sensitized: false,
        disabled: false,
        approved: true,
        locale: 'zh-CN',
        invite_request: null,
        account: expect.objectContaining({ id: target.id, username: name }),
      });
      const paged = await s.call('GET', '/api/v1/admin/accounts?limit=2', { token: reviewer.token });
      expect(paged.json).toHaveLength(2);
      expect(String(paged.headers.link)).toContain('rel="next"');
    });
  });

  /** Signs in through the authorization page as a browser does; 302 is a code issued. */
  async function signInStatus(username: string): Promise<number> {
    const client = await s.call('POST', '/api/v1/apps', { body: { client_name: 'Sign-in test', redirect_uris: 'https://client.example/cb', scopes: 'read' } });
    const q = new URLSearchParams({ response_type: 'code', client_id: client.json.client_id, redirect_uri: 'https://client.example/cb', scope: 'read' });
    const page = await s.call('GET', `/oauth/authorize?${q}`);
    const res = await s.call('POST', '/oauth/authorize', { form: { ...hiddenFields(page.body), login: username, password: 'correct horse 1' }, headers: { cookie: cookieHeader(page) } });
    return res.status;
  }
});
