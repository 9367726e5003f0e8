import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.js';
import { DIALECTS } from '../../test/dialects.js';
import { staffUser } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { domainDigest, publicDomain } from './domain-moderation.presenter.js';
import { insertDomainBlock } from './domain-moderation.repository.js';
import { hostVariants, lookupHost, normalizeHost } from './domain-name.js';
import { type DomainRule, type DomainRules, allowedBy, domainSeverity, federatesWith, isDomainSuspended, mayFederateWith, rejectsMedia, rejectsReports, ruleFor, stricterThan } from './domain-policy.js';

function rules(blocks: Partial<DomainRule>[], allows: string[] = []): DomainRules {
  return {
    blocks: new Map(blocks.map((b, i) => [b.domain!, { id: i + 1, domain: b.domain!, severity: b.severity ?? 'silence', rejectMedia: b.rejectMedia ?? false, rejectReports: b.rejectReports ?? false }])),
    allows: new Set(allows),
  };
}

describe('domain names as blocks keep them', () => {
  it('refuses what is no host name', () => {
    for (const bad of ['', '   ', 'not a domain', 'a@b.cn', 'http://x.cn/', 'x.cn:443', '*.x.cn', '-x.cn', 'x-.cn', 'a_b.cn', 'a..b', '.a.b', '[::1]', 'xn--zz.com', 'xn--a.cn', `${'a'.repeat(64)}.cn`, `${'abc.'.repeat(64)}cn`]) {
      expect(normalizeHost(bad), bad).toBeNull();
    }
  });

  it('lower-cases, drops a trailing dot or slash, maps full-width dots and IDN to punycode', () => {
    expect(normalizeHost('  Spam.Example. ')).toBe('spam.example');
    expect(normalizeHost('spam.example/')).toBe('spam.example');
    expect(normalizeHost('政府.中国')).toBe('xn--mxtq1m.xn--fiqs8s');
    expect(normalizeHost('公司．ＣＮ')).toBe('xn--55qx5d.cn');
    expect(normalizeHost('Bücher.de')).toBe('xn--bcher-kva.de');
    expect(normalizeHost('xn--bcher-kva.de')).toBe('xn--bcher-kva.de');
    expect(normalizeHost('localhost')).toBe('localhost');
    expect(normalizeHost('192.0.2.1')).toBe('192.0.2.1');
  });

  it('looks hosts up without their port, parents longest first', () => {
    expect(lookupHost('Social.Example:8443')).toBe('social.example');
    expect(lookupHost('x.cn:https')).toBeNull();
    expect(hostVariants('a.b.example.cn')).toEqual(['a.b.example.cn', 'b.example.cn', 'example.cn', 'cn']);
  });
});

describe('which block governs a host (rule_for)', () => {
  const r = rules([{ domain: 'example.cn', severity: 'silence' }, { domain: 'bad.example.cn', severity: 'suspend' }, { domain: 'media.example.org', severity: 'noop', rejectMedia: true }], ['friend.example', 'xn--mxtq1m.xn--fiqs8s']);

  it('matches the host and its subdomains, the most specific block first', () => {
    expect(ruleFor(r, 'example.cn')?.severity).toBe('silence');
    expect(ruleFor(r, 'www.Example.CN.')?.severity).toBe('silence');
    expect(ruleFor(r, 'bad.example.cn')?.severity).toBe('suspend');
    expect(ruleFor(r, 'x.y.bad.example.cn:443')?.severity).toBe('suspend');
    expect(ruleFor(r, 'notexample.cn')).toBeNull();
    expect(ruleFor(r, 'example.cn.evil.test')).toBeNull();
    expect(ruleFor(r, 'not a host')).toBeNull();
  });

  it('allows exactly the allowed host, IDN or not', () => {
    expect(allowedBy(r, 'friend.example')).toBe(true);
    expect(allowedBy(r, 'sub.friend.example')).toBe(false);
    expect(allowedBy(r, '政府.中国')).toBe(true);
  });

  it('federates with no suspended host, and in limited-federation mode only with allowed ones', () => {
    expect(federatesWith(r, false, 'www.example.cn')).toBe(true);
    expect(federatesWith(r, false, 'bad.example.cn')).toBe(false);
    expect(federatesWith(r, true, 'www.example.cn')).toBe(false);
    expect(federatesWith(r, true, 'friend.example')).toBe(true);
  });
});

describe('stricter_than', () => {
  const b = (severity: DomainRule['severity'], rejectMedia = false, rejectReports = false) => ({ severity, rejectMedia, rejectReports });
  it('a suspension beats all; nothing milder beats a suspension or a silence; flags must cover the other’s', () => {
    expect(stricterThan(b('suspend'), b('suspend', true, true))).toBe(true);
    expect(stricterThan(b('silence', true, true), b('suspend'))).toBe(false);
    expect(stricterThan(b('noop', true, true), b('silence'))).toBe(false);
    expect(stricterThan(b('silence'), b('silence'))).toBe(true);
    expect(stricterThan(b('silence'), b('noop', true))).toBe(false);
    expect(stricterThan(b('silence', true), b('noop', true))).toBe(true);
    expect(stricterThan(b('noop', false, true), b('noop', false, true))).toBe(true);
  });
});

describe('the public face of a block', () => {
  it('stars the middle of an obfuscated domain, dots kept, and digests the real one', () => {
    expect(publicDomain('example.com', false)).toBe('example.com');
    expect(publicDomain('example.com', true)).toBe('exa****.*om');
    expect(publicDomain('bad.example.cn', true)).toBe('bad.*******.cn');
    expect(domainDigest('example.com')).toBe('a379a6f6eeafb9a55e378c118034e2751e682fab9f2d30ab13d2125586ce1947');
  });
});

describe.each(DIALECTS)('the cached decisions (%s)', (dialect) => {
  let s: TestServer;
  const clock = fixedClock('2026-12-02T08:00:00Z');
  let admin: { token: string };

  beforeAll(async () => {
    s = await testServer(dialect, {}, clock);
    admin = await staffUser(s, 'admin');
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answer from the blocks made through the API at once, and from rows written elsewhere within the TTL', async () => {
    expect(await domainSeverity(s.ctx, 'spam.example')).toBeNull();
    const made = await s.call('POST', '/api/v1/admin/domain_blocks', { token: admin.token, body: { domain: 'spam.example', severity: 'suspend' } });
    expect(made.status).toBe(200);
    expect(await domainSeverity(s.ctx, 'cdn.spam.example')).toBe('suspend');
    expect(await isDomainSuspended(s.ctx, 'spam.example')).toBe(true);
    expect(await rejectsMedia(s.ctx, 'spam.example')).toBe(true);
    expect(await rejectsReports(s.ctx, 'spam.example')).toBe(true);
    expect(await mayFederateWith(s.ctx, 'spam.example')).toBe(false);
    expect(await mayFederateWith(s.ctx, 'ham.example')).toBe(true);

    // Another process's write: this one sees it once its copy is older than the TTL.
    const now = clock.now().toISOString();
    await insertDomainBlock(s.ctx.db, { domain: 'media.example', severity: 'noop', reject_media: 1, created_at: now, updated_at: now, private_comment: null, public_comment: null });
    expect(await rejectsMedia(s.ctx, 'media.example')).toBe(false);
    clock.advance(10_001);
    expect(await rejectsMedia(s.ctx, 'img.media.example')).toBe(true);
    expect(await domainSeverity(s.ctx, 'media.example')).toBe('noop');
    expect(await rejectsReports(s.ctx, 'media.example')).toBe(false);

    expect((await s.call('DELETE', `/api/v1/admin/domain_blocks/${made.json.id}`, { token: admin.token })).status).toBe(200);
    expect(await domainSeverity(s.ctx, 'spam.example')).toBeNull();
  });
});
