import { describe, expect, it } from 'vitest';
import { DEMO_PROVIDERS } from '../../demo/calibration.js';
import { NoChromiumError, locateChromium } from './pdf.js';
import { PROVIDER_NAMES, providerLabel, providerName } from './names.js';

describe('provider names', () => {
  it('names every demo provider as the demo does, and leaves an unknown host as it is', () => {
    for (const p of DEMO_PROVIDERS) expect(PROVIDER_NAMES[p.host], p.host).toEqual({ zh: p.zh, en: p.en });
    expect(DEMO_PROVIDERS.map((p) => providerLabel(p.host))).toEqual(['新浪微博', '腾讯微博', '人民微博', '新华微博']);
    expect(providerName('mastodon.example')).toBeNull();
    expect(providerLabel('mastodon.example', 'en')).toBe('mastodon.example');
    // A host is looked up as data, never as a property of the table.
    expect(providerName('constructor')).toBeNull();
  });
});

describe('locating Chromium for --format pdf', () => {
  it('fails in one line when there is none, or when GOVBLOG_CHROMIUM names nothing', () => {
    expect(() => locateChromium({}, () => false)).toThrow(NoChromiumError);
    expect(() => locateChromium({}, () => false)).toThrow(/^--format pdf: no Chromium found \(looked in \/usr\/bin\/chromium, .*\); install chromium or set GOVBLOG_CHROMIUM to its path$/);
    expect(() => locateChromium({ GOVBLOG_CHROMIUM: '/opt/none/chrome' }, () => false)).toThrow('--format pdf: GOVBLOG_CHROMIUM=/opt/none/chrome does not exist');
  });

  it('takes GOVBLOG_CHROMIUM first, then the first known path that exists', () => {
    expect(locateChromium({ GOVBLOG_CHROMIUM: '/opt/chrome' }, (p) => p === '/opt/chrome' || p === '/usr/bin/chromium')).toBe('/opt/chrome');
    expect(locateChromium({}, (p) => p === '/usr/bin/chromium-browser')).toBe('/usr/bin/chromium-browser');
  });
});
