import { lookup } from 'node:dns/promises';
import type { DnsOutcome } from '../core/ports.js';
import { timeoutFailure, type Budget } from './deadline.js';
import { ProbeFailure } from './failure.js';
import type { Resolve, ResolvedAddress } from './types.js';

/** Every A and AAAA address, in the resolver's order. */
export const systemResolve: Resolve = async (host) => {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * What a resolver's error code says. Only a definite answer about the name (it does not exist, it
 * has no address) says something about the site; every other code (SERVFAIL, a refusal or a
 * timeout of the DNS server, getaddrinfo's EAI_AGAIN) is a failure of updoc's own resolver.
 */
const DNS_ERRORS: Record<string, { outcome: DnsOutcome; message: string }> = {
  ENOTFOUND: { outcome: 'nxdomain', message: 'no such host' },
  NXDOMAIN: { outcome: 'nxdomain', message: 'no such host' },
  ENODATA: { outcome: 'no_address', message: 'the name has no address records' },
  EAI_AGAIN: { outcome: 'resolver_failure', message: 'the DNS server did not answer (temporary failure)' },
  EAI_FAIL: { outcome: 'resolver_failure', message: 'the DNS lookup failed' },
  ESERVFAIL: { outcome: 'resolver_failure', message: 'the DNS server failed' },
  EREFUSED: { outcome: 'resolver_failure', message: 'the DNS server refused the query' },
  ETIMEOUT: { outcome: 'resolver_failure', message: 'the DNS server did not answer in time' },
  ECONNREFUSED: { outcome: 'resolver_failure', message: 'the DNS server could not be reached' },
};

/** Resolves within the budget; any failure, or no address at all, is a `dns_failure` that names its DNS outcome. */
export async function resolveWithin(resolve: Resolve, host: string, budget: Budget): Promise<ResolvedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // A DNS server that does not answer is a DNS failure; only the probe's total limit makes it a timeout.
    const failure = budget.byDeadline
      ? timeoutFailure('dns', `DNS answer for ${host}`, budget, { dns: 'resolver_failure' })
      : new ProbeFailure('dns_failure', 'dns', `${host}: no DNS answer within ${budget.ms} ms`, { dns: 'resolver_failure' });
    timer = setTimeout(() => reject(failure), budget.ms);
  });
  try {
    const addresses = await Promise.race([resolve(host), timeout]);
    if (addresses.length === 0) throw new ProbeFailure('dns_failure', 'dns', `${host}: no address found`, { dns: 'no_address' });
    return addresses;
  } catch (error) {
    if (error instanceof ProbeFailure) throw error;
    const known = DNS_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
    throw new ProbeFailure('dns_failure', 'dns', `${host}: ${known?.message ?? (error as Error).message}`, { dns: known?.outcome ?? 'resolver_failure' });
  } finally {
    clearTimeout(timer);
  }
}
