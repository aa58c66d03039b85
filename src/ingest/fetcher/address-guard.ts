import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';
import { BlockedAddressError } from './errors';

/** Where an IP address sits: its IANA special-purpose range ("unicast" for an ordinary address) and whether it is on the public internet. */
export interface AddressClass {
  range: string;
  isPublic: boolean;
}

/** Classifies an IP address; one that embeds an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) is judged by that IPv4 address. */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return { range: 'invalid', isPublic: false };
  const parsed = ipaddr.parse(address);
  const range = parsed.kind() === 'ipv4' ? parsed.range() : ipv6Range(parsed as ipaddr.IPv6);
  return { range, isPublic: range === 'unicast' };
}

function ipv6Range(address: ipaddr.IPv6): string {
  const embedded = embeddedIPv4(address);
  if (embedded) return embedded.range();
  const range: string = address.range();
  // All of ::/8 is reserved (RFC 4291 §2.4); ipaddr.js names only parts of it and calls the rest unicast.
  return range === 'unicast' && address.parts[0] < 0x100 ? 'reserved' : range;
}

function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const words = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeroFrom = (start: number, end: number) => words.slice(start, end).every((word) => word === 0);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052 §2.1); the local-use 64:ff9b:1::/48 stays classified as rfc6052.
  if (words[0] === 0x64 && words[1] === 0xff9b && zeroFrom(2, 6)) return fromWords(words[6], words[7]);
  // 6to4 2002:AABB:CCDD::/48 (RFC 3056 §2).
  if (words[0] === 0x2002) return fromWords(words[1], words[2]);
  // IPv4-compatible ::a.b.c.d (deprecated, RFC 4291 §2.5.5.1) can still reach IPv4 hosts through automatic tunnels.
  if (zeroFrom(0, 6) && words[6] !== 0) return fromWords(words[6], words[7]);
  return null;
}

/**
 * A `lookup` for net.connect that passes on only public addresses and fails with BlockedAddressError when none is left,
 * so the address checked is the address connected to (no window for DNS rebinding).
 */
export const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const allowed = addresses.filter((entry) => classifyAddress(entry.address).isPublic);
    if (allowed.length === 0) {
      const address = addresses[0]?.address ?? '(no address)';
      return callback(new BlockedAddressError(hostname, address, classifyAddress(address).range), '');
    }
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
};

/** An undici connector that refuses non-public addresses before any socket connects: literal IPs here, host names in the lookup. */
export function createGuardedConnector(options: { allowPrivateNetworks: boolean; connectTimeoutMs: number }): buildConnector.connector {
  if (options.allowPrivateNetworks) return buildConnector({ timeout: options.connectTimeoutMs });
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardedLookup });
  return (target, callback) => {
    // net.connect skips the lookup for a literal IP, so those are checked here.
    if (net.isIP(target.hostname) !== 0) {
      const { range, isPublic } = classifyAddress(target.hostname);
      if (!isPublic) return callback(new BlockedAddressError(target.hostname, target.hostname, range), null);
    }
    connect(target, callback);
  };
}
