import ipaddr from 'ipaddr.js';

/**
 * Which addresses a user-supplied URL may reach. Only globally routable unicast addresses
 * pass: everything ipaddr.js classifies otherwise (private, loopback, link-local, CGNAT,
 * unique-local, multicast, documentation, 6to4/Teredo/NAT64 wrappers …) is refused, so a new
 * special range needs no code here.
 */

/** Host names that reach cloud metadata services without looking like an address. */
const BLOCKED_HOSTNAMES = ['metadata.google.internal', 'metadata', 'instance-data', 'localhost'];

export interface AddressPolicy {
  /** Lets tests reach their fakes on 127.0.0.0/8 and ::1. Never set in production. */
  allowLoopback?: boolean;
}

/** Why `address` must not be dialled, or undefined when it is a public unicast address. */
export function blockedAddressReason(address: string, policy: AddressPolicy = {}): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // IPv4-mapped (::ffff:a.b.c.d) and the deprecated IPv4-compatible (::a.b.c.d) forms reach
    // the embedded IPv4 address, so that is what gets judged (::1 and :: are ranges of their own).
    if (v6.isIPv4MappedAddress()) ip = v6.toIPv4Address();
    else if (v6.range() === 'unicast' && v6.parts.slice(0, 6).every((p) => p === 0)) {
      ip = ipaddr.fromByteArray(v6.toByteArray().slice(12));
    }
  }
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && policy.allowLoopback) return undefined;
  return range;
}

/** Host names refused before any DNS lookup (`*.localhost` and `*.internal` included). */
export function isBlockedHostname(hostname: string, policy: AddressPolicy = {}): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (policy.allowLoopback && (host === 'localhost' || host.endsWith('.localhost'))) return false;
  return BLOCKED_HOSTNAMES.includes(host) || host.endsWith('.localhost') || host.endsWith('.internal');
}

/** The URL's host without IPv6 brackets, so it can be compared with resolver answers. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
