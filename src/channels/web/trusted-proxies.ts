import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Names for the ranges a proxy on the same host or network usually sits in. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseEntry(entry: string): Cidr[] | undefined {
  const named = NAMED_RANGES[entry];
  if (named) return named.map((cidr) => ipaddr.parseCIDR(cidr));
  try {
    if (entry.includes('/')) return [ipaddr.parseCIDR(entry)];
    if (isIP(entry) === 0) return undefined;
    const address = ipaddr.parse(entry);
    return [[address, address.kind() === 'ipv4' ? 32 : 128]];
  } catch {
    return undefined;
  }
}

/** The entries of TRUST_PROXY that are not an address, a CIDR range or a range name. */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseEntry(entry) === undefined);
}

/** IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, as a dual-stack socket reports) read as IPv4. */
function normalised(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (isIP(address) === 0) return undefined;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/**
 * Whether a peer address is one of the configured proxies, whose X-Forwarded-For is believed.
 * With no entries nobody is trusted: the client is the address of the connection itself.
 */
export function trustedProxies(entries: readonly string[]): (address: string) => boolean {
  const ranges = entries.flatMap((entry) => parseEntry(entry) ?? []);
  return (address) => {
    const ip = normalised(address);
    return ip !== undefined && ranges.some(([base, bits]) => base.kind() === ip.kind() && ip.match(base, bits));
  };
}

/**
 * The key one client is counted under: its IPv4 address, or the /64 network of an IPv6 address
 * (one home or one server holds a whole /64, so rotating through it would otherwise buy new budgets).
 */
export function clientKey(address: string): string {
  // A dotted IPv4 address as Node accepts it (no leading zeros) is already in its canonical form.
  if (isIP(address) === 4) return address;
  const ip = normalised(address);
  if (!ip) return address;
  if (ip.kind() === 'ipv4') return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}
