import { classifyAddress } from '../../src/ingest/fetcher/address-guard';

describe('classifyAddress', () => {
  it.each([
    // Public IPv4 and IPv6.
    ['93.184.216.34', 'unicast', true],
    ['8.8.8.8', 'unicast', true],
    ['2606:4700:4700::1111', 'unicast', true],
    ['2001:4860:4860::8888', 'unicast', true],
    // IPv4 special-purpose ranges.
    ['127.0.0.1', 'loopback', false],
    ['127.255.255.254', 'loopback', false],
    ['10.0.0.1', 'private', false],
    ['172.16.5.4', 'private', false],
    ['192.168.1.1', 'private', false],
    ['169.254.169.254', 'linkLocal', false],
    ['100.64.0.1', 'carrierGradeNat', false],
    ['0.0.0.0', 'unspecified', false],
    ['0.1.2.3', 'unspecified', false],
    ['224.0.0.1', 'multicast', false],
    ['255.255.255.255', 'broadcast', false],
    ['192.0.2.10', 'reserved', false],
    ['198.18.0.1', 'reserved', false],
    ['240.0.0.1', 'reserved', false],
    // IPv6 special-purpose ranges.
    ['::1', 'loopback', false],
    ['::', 'unspecified', false],
    ['fe80::1', 'linkLocal', false],
    ['fc00::1', 'uniqueLocal', false],
    ['fd12:3456:789a::1', 'uniqueLocal', false],
    ['ff02::1', 'multicast', false],
    ['2001:db8::1', 'reserved', false],
    ['100::1', 'discard', false],
    ['::1:0:0:0', 'reserved', false],
    ['2001::1', 'teredo', false],
    ['64:ff9b:1::1', 'rfc6052', false],
    // IPv6 addresses that embed an IPv4 address are judged by it.
    ['::ffff:127.0.0.1', 'loopback', false],
    ['::ffff:7f00:1', 'loopback', false],
    ['::ffff:10.1.2.3', 'private', false],
    ['::ffff:169.254.169.254', 'linkLocal', false],
    ['::ffff:8.8.8.8', 'unicast', true],
    ['::127.0.0.1', 'loopback', false],
    ['::a00:1', 'private', false],
    ['64:ff9b::a9fe:a9fe', 'linkLocal', false],
    ['64:ff9b::808:808', 'unicast', true],
    ['2002:c0a8:101::1', 'private', false],
    ['2002:808:808::1', 'unicast', true],
    // Not an address at all.
    ['example.com', 'invalid', false],
    ['', 'invalid', false],
  ])('%s is %s (public: %s)', (address, range, isPublic) => {
    expect(classifyAddress(address)).toEqual({ range, isPublic });
  });
});
