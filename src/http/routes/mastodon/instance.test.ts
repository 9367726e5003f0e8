import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRestAPIClient } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseRules } from '../../../app/config.js';
import { VERSION } from '../../../app/version.js';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen } from '../../../../test/factories.js';
import { type TestServer, listeningServer, testServer } from '../../../../test/http.js';

describe('instance configuration keys', () => {
  it('reads the rules file (one a line, hint after a tab, # comments) and checks contact and source keys at start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.txt');
    writeFileSync(file, '# 本站规则\n遵守法律法规\t不得发布违法信息\n\n尊重他人\n');
    const c = loadConfig({}, { GOVBLOG_RULES_FILE: file, GOVBLOG_CONTACT_EMAIL: 'help@weibo.example', GOVBLOG_CONTACT_ACCOUNT: 'support_desk', GOVBLOG_SOURCE_URL: 'https://git.example/govblog' });
    expect(c.rules).toEqual([
      { text: '遵守法律法规', hint: '不得发布违法信息' },
      { text: '尊重他人', hint: '' },
    ]);
    expect(c).toMatchObject({ contactEmail: 'help@weibo.example', contactAccount: 'support_desk', sourceUrl: 'https://git.example/govblog' });
    expect(() => loadConfig({}, { GOVBLOG_CONTACT_EMAIL: 'nope', GOVBLOG_SOURCE_URL: 'ftp://x' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { GOVBLOG_RULES_FILE: join(dir, 'missing.txt') })).toThrow(/GOVBLOG_RULES_FILE/);
    expect(parseRules(`${'长'.repeat(301)}\n`, 'r.txt').problems).toEqual(['r.txt:1: a rule is at most 300 characters, its hint 1000']);
  });
});

describe.each(DIALECTS)('the instance document tells the truth (%s)', (dialect) => {
  let s: TestServer;
  let desk: { id: string; username: string };
  beforeAll(async () => {
    s = await testServer(dialect, {
      contactEmail: 'help@test.example',
      contactAccount: 'desk_contact',
      rules: [{ text: '遵守法律法规', hint: '不得发布违法信息' }, { text: '尊重他人', hint: '' }],
      sourceUrl: 'https://git.example/govblog',
    });
    desk = await citizen(s, 'desk_contact');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('v2: contact, rules, source_url, a semver version with +govblog, api_versions', async () => {
    const r = await s.call('GET', '/api/v2/instance');
    expect(r.status).toBe(200);
    expect(r.json.contact.email).toBe('help@test.example');
    expect(r.json.contact.account).toMatchObject({ id: desk.id, username: 'desk_contact' });
    expect(r.json.rules).toEqual([
      { id: '1', text: '遵守法律法规', hint: '不得发布违法信息' },
      { id: '2', text: '尊重他人', hint: '' },
    ]);
    expect(r.json.source_url).toBe('https://git.example/govblog');
    expect(r.json.version).toBe(`4.3.0+govblog.${VERSION}`);
    expect(r.json.version).toMatch(/^\d+\.\d+\.\d+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/);
    expect(r.json.api_versions).toEqual({ mastodon: 2 });
  });

  it('v1 and /api/v1/instance/rules say the same', async () => {
    const v1 = await s.call('GET', '/api/v1/instance');
    expect(v1.json).toMatchObject({ email: 'help@test.example', contact_account: { id: desk.id }, version: `4.3.0+govblog.${VERSION}` });
    expect(v1.json.rules).toHaveLength(2);
    const rules = await s.call('GET', '/api/v1/instance/rules');
    expect(rules.json).toEqual(v1.json.rules);
  });
});

describe.each(DIALECTS)('an unconfigured instance promises nothing (%s)', (dialect) => {
  let s: TestServer & { url: string };
  beforeAll(async () => {
    s = await listeningServer(dialect, { contactAccount: 'nobody_here' });
  });
  afterAll(async () => {
    await s?.close();
  });
  it('no rules, no contact, an empty source_url; masto reads it', async () => {
    const masto = createRestAPIClient({ url: s.url });
    const v2 = await masto.v2.instance.fetch();
    expect(v2.rules).toEqual([]);
    expect(v2.contact).toEqual({ email: '', account: null });
    expect(v2.sourceUrl).toBe('');
    expect(await (await fetch(`${s.url}/api/v1/instance/rules`)).json()).toEqual([]);
    expect(await masto.v1.instance.peers.list()).toEqual([]);
    expect(await (await fetch(`${s.url}/api/v1/peers/search?q=social`)).json()).toEqual([]);
    expect((await fetch(`${s.url}/api/v1/peers/search?q=${'x'.repeat(300)}`)).status).toBe(422);
    expect(await masto.v1.instance.translationLanguages.list()).toEqual({});
    expect(await masto.v1.instance.extendedDescription.fetch()).toEqual({ updatedAt: null, content: '' });
    const languages = await masto.v1.instance.languages.list();
    expect(languages.slice(0, 2)).toEqual([
      { code: 'zh', name: 'Chinese' },
      { code: 'bo', name: 'Tibetan' },
    ]);
  });
});
