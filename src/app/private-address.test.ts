import { describe, expect, it } from 'vitest';
import { isPrivateAddress, privateAddressOf } from './private-address.js';

describe('the private-address guard', () => {
  it('refuses loopback, private, link-local, shared, reserved and multicast addresses, in every spelling', () => {
    for (const ip of ['127.0.0.1', '127.8.9.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1', '::1', '::', 'fe80::1', 'fd00::1', 'fc12::3', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:c0a8:101::1', '[::1]', 'fe80::1%eth0', 'not-an-ip']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
  });

  it('lets public addresses through', () => {
    for (const ip of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2002:808:808::1']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('judges a host by its literal address or by what it resolves to', async () => {
    expect(await privateAddressOf('127.0.0.1')).toBe('127.0.0.1');
    expect(await privateAddressOf('[::1]')).toBe('::1');
    expect(await privateAddressOf('localhost')).toBe('127.0.0.1');
    expect(await privateAddressOf('push.localhost')).toBe('127.0.0.1');
    expect(await privateAddressOf('93.184.215.14')).toBeNull();
  });
});
