import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPrivateAddress } from '../../src/domain/network-addresses.js';

describe('addresses a webhook may not reach', () => {
  it('refuses loopback, private, link-local, carrier-grade NAT, unspecified and multicast addresses in both families', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.equal(isPrivateAddress(address), true, address);
    }
  });

  it('lets public addresses through, and treats what is not an address as refused', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(address), false, address);
    assert.equal(isPrivateAddress('example.com'), true);
  });
});
