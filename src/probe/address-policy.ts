import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses may be probed: public unicast only. Ranges marked `private` (loopback and private
 * networks) open up with allowPrivate, for local testing; link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation ranges never do.
 */
interface Range {
  cidr: [ipaddr.IPv4 | ipaddr.IPv6, number];
  name: string;
  private?: true;
}

const range = (cidr: string, name: string, isPrivate = false): Range => ({
  cidr: ipaddr.parseCIDR(cidr),
  name,
  ...(isPrivate ? { private: true as const } : {}),
});

const IPV4_RANGES: Range[] = [
  range('0.0.0.0/8', 'a "this network" address (0.0.0.0/8 reaches the local host)'),
  range('10.0.0.0/8', 'a private address', true),
  range('100.64.0.0/10', 'a carrier-grade NAT address'),
  range('127.0.0.0/8', 'a loopback address', true),
  range('169.254.0.0/16', 'a link-local address (cloud metadata lives at 169.254.169.254)'),
  range('172.16.0.0/12', 'a private address', true),
  range('192.0.0.0/24', 'an IETF protocol assignment address'),
  range('192.0.2.0/24', 'a documentation address'),
  range('192.88.99.0/24', 'a reserved 6to4 relay address'),
  range('192.168.0.0/16', 'a private address', true),
  range('198.18.0.0/15', 'a benchmarking address'),
  range('198.51.100.0/24', 'a documentation address'),
  range('203.0.113.0/24', 'a documentation address'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved or broadcast address'),
];

/** Named for a clear refusal; anything outside 2000::/3 is refused in any case. */
const IPV6_RANGES: Range[] = [
  range('::/128', 'the unspecified address (it reaches the local host)'),
  range('::1/128', 'the loopback address', true),
  range('::/96', 'an IPv4-compatible address (deprecated)'),
  range('64:ff9b:1::/48', 'a local-use NAT64 address'),
  range('100::/64', 'a discard-only address'),
  range('2001:2::/48', 'a benchmarking address'),
  range('2001:10::/28', 'an ORCHID address'),
  range('2001:20::/28', 'an ORCHID address'),
  range('2001:db8::/32', 'a documentation address'),
  range('fc00::/7', 'a unique-local (private) address', true),
  range('fe80::/10', 'a link-local address'),
  range('fec0::/10', 'a site-local address (deprecated)'),
  range('ff00::/8', 'a multicast address'),
];
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.parseCIDR('2002::/16');
const TEREDO = ipaddr.parseCIDR('2001::/32');

interface Forbidden {
  name: string;
  private: boolean;
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** IPv6 forms that carry an IPv4 address the packets end up at (or come from). */
function embeddedIPv4(ip: ipaddr.IPv6): { form: string; addresses: ipaddr.IPv4[] } | undefined {
  const p = ip.parts as [number, number, number, number, number, number, number, number];
  if (ip.isIPv4MappedAddress()) return { form: 'an IPv4-mapped', addresses: [ip.toIPv4Address()] };
  if (ip.match(NAT64)) return { form: 'a NAT64', addresses: [v4FromParts(p[6], p[7])] };
  if (ip.match(SIX_TO_FOUR)) return { form: 'a 6to4', addresses: [v4FromParts(p[1], p[2])] };
  if (ip.match(TEREDO)) {
    // Teredo: the server's IPv4, then the client's IPv4 with every bit inverted.
    return { form: 'a Teredo', addresses: [v4FromParts(p[2], p[3]), v4FromParts(p[6] ^ 0xffff, p[7] ^ 0xffff)] };
  }
  return undefined;
}

function forbiddenIn(ip: ipaddr.IPv4 | ipaddr.IPv6, ranges: Range[]): Forbidden | undefined {
  const hit = ranges.find((r) => ip.kind() === r.cidr[0].kind() && ip.match(r.cidr));
  return hit ? { name: hit.name, private: hit.private ?? false } : undefined;
}

function forbiddenV6(ip: ipaddr.IPv6): Forbidden | undefined {
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    for (const v4 of embedded.addresses) {
      const inner = forbiddenIn(v4, IPV4_RANGES);
      if (inner) return { name: `${embedded.form} form of ${v4.toString()}, ${inner.name}`, private: inner.private };
    }
    return undefined;
  }
  const named = forbiddenIn(ip, IPV6_RANGES);
  if (named) return named;
  return ip.match(GLOBAL_UNICAST) ? undefined : { name: 'an address outside global unicast space', private: false };
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Whether one resolved address may be connected to. */
export function checkAddress(address: string, allowPrivate: boolean): AddressVerdict {
  if (isIP(address) === 0) return { allowed: false, reason: `"${address}" is not an IP address` };
  const ip = ipaddr.parse(address);
  const forbidden = ip.kind() === 'ipv4' ? forbiddenIn(ip, IPV4_RANGES) : forbiddenV6(ip as ipaddr.IPv6);
  if (!forbidden || (forbidden.private && allowPrivate)) return { allowed: true };
  return { allowed: false, reason: `${address} is ${forbidden.name}` };
}
