import { describe, expect, it } from 'vitest';
import { canonicalEmail, canonicalEmailHash } from './canonical-email.js';
import { formatIpRange, parseIpRange, rangeCovers } from './ip-range.js';

describe('IP ranges', () => {
  it('refuses what is not an address or range', () => {
    for (const bad of ['', 'abc', '1.2.3', '1.2.3.4/33', '1.2.3.256', '::1/129', '1.2.3.4/ 8', 'fe80::1%eth0', '1.2.3.4/8/8', ' /8']) expect(parseIpRange(bad), bad).toBeNull();
  });

  it('clears host bits and writes the range as Mastodon shows it', () => {
    expect(formatIpRange(parseIpRange('65.10.51.60')!)).toBe('65.10.51.60/32');
    expect(formatIpRange(parseIpRange('65.10.51.60/24')!)).toBe('65.10.51.0/24');
    expect(formatIpRange(parseIpRange('0.0.0.0/0')!)).toBe('0.0.0.0/0');
    expect(formatIpRange(parseIpRange('2001:DB8:0:0:1::7/32')!)).toBe('2001:db8::/32');
    expect(formatIpRange(parseIpRange('::1')!)).toBe('::1/128');
    expect(formatIpRange(parseIpRange('2001:db8:1:2:3:4:5:6')!)).toBe('2001:db8:1:2:3:4:5:6/128');
    expect(formatIpRange(parseIpRange('::ffff:10.1.2.3')!)).toBe('10.1.2.3/32');
  });

  it('covers the addresses inside the range only, whatever way they are written', () => {
    const net = parseIpRange('10.1.0.0/16')!;
    expect(rangeCovers(net, '10.1.200.3')).toBe(true);
    expect(rangeCovers(net, '::ffff:10.1.200.3')).toBe(true);
    expect(rangeCovers(net, '10.2.0.1')).toBe(false);
    expect(rangeCovers(net, '::1')).toBe(false);
    expect(rangeCovers(net, 'garbage')).toBe(false);
    const v6 = parseIpRange('2001:db8::/32')!;
    expect(rangeCovers(v6, '2001:db8:ffff::1')).toBe(true);
    expect(rangeCovers(v6, '2001:db9::1')).toBe(false);
  });
});

describe('canonical e-mail addresses', () => {
  it('lower-cases, drops dots and the +tag of the local part, as Mastodon', () => {
    expect(canonicalEmail('Jo.Hn+Weibo@Example.CN')).toBe('john@example.cn');
    expect(canonicalEmail('a.b.c@x.y.cn')).toBe('abc@x.y.cn');
    expect(canonicalEmailHash('jo.hn+1@example.cn')).toBe(canonicalEmailHash('JOHN@example.cn'));
    expect(canonicalEmailHash('john@example.cn')).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalEmailHash('john@example.cn')).not.toBe(canonicalEmailHash('john@example.com'));
  });
});
