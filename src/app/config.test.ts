import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('takes defaults, then the environment, then flags', () => {
    expect(loadConfig({}, {})).toMatchObject({ port: 3000, host: '127.0.0.1', db: './data/govblog.sqlite', rateLimit: true, publicUrl: 'http://127.0.0.1:3000' });
    expect(loadConfig({}, { GOVBLOG_PORT: '4000', GOVBLOG_RATE_LIMIT: 'off' })).toMatchObject({ port: 4000, rateLimit: false });
    expect(loadConfig({ port: '5000' }, { GOVBLOG_PORT: '4000' }).port).toBe(5000);
  });

  it('reports every problem at once, each naming its flag and variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ port: '99999', db: 'mysql://x', provider: 'bad host', rateLimit: 'sometimes' }, {});
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = error?.problems.map((p) => p.split(' ')[0]);
    expect(fields).toEqual(expect.arrayContaining(['--port', '--db', '--provider', '--rate-limit']));
    expect(error?.problems).toHaveLength(4);
  });

  it('federates by default; GOVBLOG_FEDERATION or --federation off turns it off; a wrong value names the flag', () => {
    expect(loadConfig({}, {}).federation).toBe(true);
    expect(loadConfig({}, { GOVBLOG_FEDERATION: 'off' }).federation).toBe(false);
    expect(loadConfig({ federation: 'on' }, { GOVBLOG_FEDERATION: 'off' }).federation).toBe(true);
    expect(() => loadConfig({ federation: 'maybe' }, {})).toThrow(/--federation \(GOVBLOG_FEDERATION\)/);
  });

  it('accepts PostgreSQL URLs and shows a reachable URL for a wildcard host', () => {
    const c = loadConfig({ db: 'postgres://u@localhost/db', host: '0.0.0.0', port: '8080' }, {});
    expect(c.db).toBe('postgres://u@localhost/db');
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
  });

  it("shows the domain blocks to nobody by default, as Mastodon's settings; limited federation off", () => {
    expect(loadConfig({}, {})).toMatchObject({ showDomainBlocks: 'disabled', showDomainBlocksRationale: 'disabled', limitedFederation: false });
    expect(loadConfig({}, { GOVBLOG_SHOW_DOMAIN_BLOCKS: 'all', GOVBLOG_SHOW_DOMAIN_BLOCKS_RATIONALE: 'users', GOVBLOG_LIMITED_FEDERATION: 'on' })).toMatchObject({ showDomainBlocks: 'all', showDomainBlocksRationale: 'users', limitedFederation: true });
    expect(() => loadConfig({}, { GOVBLOG_SHOW_DOMAIN_BLOCKS: 'everyone' })).toThrow(/GOVBLOG_SHOW_DOMAIN_BLOCKS/);
  });

  it('names the census report the dashboard shows: --report, GOVBLOG_REPORT, or the demo default', () => {
    expect(loadConfig({}, {}).reportPath).toBe('./data/demo/report.json');
    expect(loadConfig({}, { GOVBLOG_REPORT: '/srv/report.json' }).reportPath).toBe('/srv/report.json');
    expect(loadConfig({ reportPath: 'r.json' }, { GOVBLOG_REPORT: '/srv/report.json' }).reportPath).toBe('r.json');
    expect(() => loadConfig({ reportPath: ' ' }, {})).toThrow(/--report \(GOVBLOG_REPORT\)/);
  });

  it('takes a VAPID key pair from the environment only whole and matching', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const pub = ecdh.getPublicKey().toString('base64url');
    const priv = ecdh.getPrivateKey().toString('base64url');
    expect(loadConfig({}, {})).toMatchObject({ vapidPublicKey: null, vapidPrivateKey: null, jobs: true, jobConcurrency: 4, allowPrivatePeers: false });
    expect(loadConfig({}, { GOVBLOG_VAPID_PUBLIC_KEY: pub, GOVBLOG_VAPID_PRIVATE_KEY: priv })).toMatchObject({ vapidPublicKey: pub, vapidPrivateKey: priv });
    expect(() => loadConfig({}, { GOVBLOG_VAPID_PUBLIC_KEY: pub })).toThrow(/both keys of the pair/);
    expect(() => loadConfig({}, { GOVBLOG_VAPID_PUBLIC_KEY: 'short', GOVBLOG_VAPID_PRIVATE_KEY: priv })).toThrow(/GOVBLOG_VAPID_PUBLIC_KEY/);
    const other = createECDH('prime256v1');
    other.generateKeys();
    expect(() => loadConfig({}, { GOVBLOG_VAPID_PUBLIC_KEY: other.getPublicKey().toString('base64url'), GOVBLOG_VAPID_PRIVATE_KEY: priv })).toThrow(/is not the public key of GOVBLOG_VAPID_PRIVATE_KEY/);
    expect(loadConfig({}, { GOVBLOG_JOBS: 'off', GOVBLOG_JOB_CONCURRENCY: '16', GOVBLOG_ALLOW_PRIVATE_PEERS: 'on' })).toMatchObject({ jobs: false, jobConcurrency: 16, allowPrivatePeers: true });
  });
});
