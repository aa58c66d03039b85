import { createHash } from 'node:crypto';
import type http from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { Config } from '../../config/config';

/** Who a request counts against: the admin (no budget), an API key's budget, or its address's budget. */
export type Client = { kind: 'admin' } | { kind: 'key'; name: string } | { kind: 'address'; address: string };

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * The address a budget is kept for: IPv4 as it is (IPv4-mapped IPv6 too), IPv6 by its /64,
 * since one host usually holds a whole /64 and could otherwise take a fresh budget per address.
 */
export function budgetAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}

/**
 * The address in what a proxy wrote of its client (X-Forwarded-For): an IPv4 address in four decimal parts or an
 * IPv6 address, with a port after it (`203.0.113.9:5555`, `[2001:db8::3]:80`) or brackets dropped; null for anything
 * else (`unknown`, a name, a typo), which names no client.
 */
export function forwardedAddress(text: string): string | null {
  let candidate = text.trim();
  const bracketed = /^\[([^\]]+)\](?::[0-9]{1,5})?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1];
  else if (/^[0-9.]+:[0-9]{1,5}$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(':'));
  if (ipaddr.IPv4.isValidFourPartDecimal(candidate)) return candidate;
  return candidate.includes(':') && ipaddr.IPv6.isValid(candidate) ? candidate : null;
}

/** Makes the function that tells which client a request comes from; unknown bearer tokens count against the address. */
export function clientIdentifier(config: Pick<Config, 'adminToken' | 'apiKeys' | 'trustProxy'>): (req: http.IncomingMessage) => Client {
  const admin = config.adminToken === null ? null : digest(config.adminToken);
  const keys = new Map(config.apiKeys.map((key) => [digest(key.secret), key.name]));
  const hops = config.trustProxy;
  // proxy-addr walks X-Forwarded-For from the nearest hop and stops at the first address it does not trust.
  const trust = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : proxyaddr.compile([...hops]);
  const useForwarded = hops !== 0;
  return (req) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (bearer) {
      const presented = digest(bearer[1]);
      if (presented === admin) return { kind: 'admin' };
      const name = keys.get(presented);
      if (name !== undefined) return { kind: 'key', name };
    }
    const socket = req.socket.remoteAddress ?? 'unknown';
    // A forwarded value that names no address counts against the proxy that sent it, not as a budget of its own.
    const address = useForwarded ? (forwardedAddress(proxyaddr(req, trust)) ?? socket) : socket;
    return { kind: 'address', address: budgetAddress(address) };
  };
}
