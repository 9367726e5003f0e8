import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../app/clock.js';
import { ConfigError, loadConfig } from '../../../app/config.js';
import { weekStart } from '../../../instance/activity.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, testServer } from '../../../../test/http.js';

describe('instance text files', () => {
  it('read at start as HTML with their time; a missing file names its variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'texts-'));
    writeFileSync(join(dir, 'about.txt'), '本平台由某省政务服务中心运营。\n\n联系电话 12345');
    writeFileSync(join(dir, 'tos.txt'), '使用条款 <第一条>');
    const c = loadConfig({}, { GOVBLOG_EXTENDED_DESCRIPTION_FILE: join(dir, 'about.txt'), GOVBLOG_TERMS_OF_SERVICE_FILE: join(dir, 'tos.txt') });
    expect(c.extendedDescription?.content).toBe('<p>本平台由某省政务服务中心运营。</p><p>联系电话 12345</p>');
    expect(c.termsOfService?.content).toBe('<p>使用条款 &lt;第一条&gt;</p>');
    expect(c.privacyPolicy).toBeNull();
    expect(() => loadConfig({}, { GOVBLOG_PRIVACY_POLICY_FILE: join(dir, 'none.txt') })).toThrow(ConfigError);
    expect(() => loadConfig({}, { GOVBLOG_PRIVACY_POLICY_FILE: join(dir, 'none.txt') })).toThrow(/GOVBLOG_PRIVACY_POLICY_FILE/);
  });
  it('weeks begin on Monday, UTC', () => {
    expect(new Date(weekStart(new Date('2026-12-02T08:00:00Z'))).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(weekStart(new Date('2026-11-29T23:59:00Z'))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});

describe.each(DIALECTS)('instance endpoints of discovery (%s)', (dialect) => {
  let s: TestServer;
  let bare: TestServer;
  const clock = fixedClock('2026-11-18T09:00:00Z');
  beforeAll(async () => {
    s = await testServer(
      dialect,
      {
        privacyPolicy: { content: '<p>我们保存您的邮箱。</p>', updatedAt: '2026-10-01T00:00:00.000Z' },
        termsOfService: { content: '<p>条款</p>', updatedAt: '2026-09-15T08:00:00.000Z' },
        extendedDescription: { content: '<p>关于本站</p>', updatedAt: '2026-09-01T00:00:00.000Z' },
      },
      clock,
    );
    bare = await testServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
    await bare?.close();
  });

  it('privacy policy, terms of service and extended description from the configured files', async () => {
    expect((await s.call('GET', '/api/v1/instance/privacy_policy')).json).toEqual({ updated_at: '2026-10-01T00:00:00.000Z', content: '<p>我们保存您的邮箱。</p>' });
    expect((await s.call('GET', '/api/v1/instance/terms_of_service')).json).toEqual({ effective_date: '2026-09-15', effective: true, content: '<p>条款</p>', succeeded_by: null });
    expect((await s.call('GET', '/api/v1/instance/extended_description')).json).toEqual({ updated_at: '2026-09-01T00:00:00.000Z', content: '<p>关于本站</p>' });
  });

  it('unconfigured: a plain statement of what is kept, no terms (404), no extended description; no peers, and the domain blocks not shown (Mastodon’s default: 404)', async () => {
    const p = await bare.call('GET', '/api/v1/instance/privacy_policy');
    expect(p.json.updated_at).toBeNull();
    expect(p.json.content).toContain('audit log');
    expect((await bare.call('GET', '/api/v1/instance/terms_of_service')).status).toBe(404);
    expect((await bare.call('GET', '/api/v1/instance/extended_description')).json).toEqual({ updated_at: null, content: '' });
    expect((await bare.call('GET', '/api/v1/instance/peers')).json).toEqual([]);
    expect((await bare.call('GET', '/api/v1/instance/domain_blocks')).status).toBe(404);
  });

  it('activity: twelve weeks, this one first, with statuses posted, accounts signed in and accounts opened in each', async () => {
    // Last week: two citizens open accounts (each granted a token) and one posts twice.
    clock.set('2026-11-11T10:00:00Z');
    const a = await citizen(s);
    await citizen(s);
    await s.call('POST', '/api/v1/statuses', { token: a.token, body: { status: '上周一' } });
    await s.call('POST', '/api/v1/statuses', { token: a.token, body: { status: '上周二' } });
    // This week: the first signs in again and posts once.
    clock.set('2026-11-18T09:00:00Z');
    await s.call('POST', '/api/v1/statuses', { token: a.token, body: { status: '本周' } });
    const { mintToken } = await import('../../../oauth/tokens.js');
    await mintToken(s.ctx, s.ctx.db, { appId: null, accountId: Number(a.id), scopes: ['read'] });
    const r = await s.call('GET', '/api/v1/instance/activity');
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(12);
    expect(r.json[0]).toEqual({ week: String(Date.parse('2026-11-16T00:00:00Z') / 1000), statuses: '1', logins: '1', registrations: '0' });
    expect(r.json[1]).toEqual({ week: String(Date.parse('2026-11-09T00:00:00Z') / 1000), statuses: '2', logins: '2', registrations: '2' });
    expect(r.json[11].week).toBe(String(Date.parse('2026-08-31T00:00:00Z') / 1000));
  });
});
