import { lookup, Resolver } from 'node:dns/promises';
import type { DnsOutcome } from '../core/ports.js';
import { timeoutFailure, type Budget } from './deadline.js';
import { ProbeFailure } from './failure.js';
import type { Resolve, ResolvedAddress } from './types.js';

/**
 * A resolver whose "no such host" is believed only while DNS answers at all. A network whose DNS
 * is blocked or broken (a sandbox, a firewall, a captive portal) says that of every name, and
 * telling a person that their bank's domain does not exist would be a claim about the site made
 * from a failure of updoc's own network.
 */
export function checkingNoSuchHost(resolve: Resolve, dnsAnswers: () => Promise<boolean>): Resolve {
  return async (host) => {
    try {
      return await resolve(host);
    } catch (error) {
      if (DNS_ERRORS[(error as NodeJS.ErrnoException).code ?? '']?.outcome !== 'nxdomain' || (await dnsAnswers())) throw error;
      throw new ProbeFailure('dns_failure', 'dns', `${host}: no such host, but this machine's DNS cannot find the root zone either: its lookups are failing`, {
        dns: 'resolver_failure',
      });
    }
  };
}

const ROOT_CHECK_MS = 60_000;

/**
 * Whether DNS answers at all, asked of the given servers (default: the system's) for the root
 * zone's servers, which always exist. The answer is kept for a minute.
 */
export function dnsAnswersVia(servers?: string[]): () => Promise<boolean> {
  let last: { at: number; answers: Promise<boolean> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > ROOT_CHECK_MS) {
      const resolver = new Resolver({ timeout: 2_000, tries: 1 });
      if (servers) resolver.setServers(servers);
      last = { at: now, answers: resolver.resolveNs('.').then((found) => found.length > 0, () => false) };
    }
    return last.answers;
  };
}

/** Every A and AAAA address, in the resolver's order. */
export const systemResolve: Resolve = checkingNoSuchHost(async (host) => {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}, dnsAnswersVia());

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
