import { lookup } from 'node:dns/promises';
import { timeoutFailure, type Budget } from './deadline.js';
import { ProbeFailure } from './failure.js';
import type { Resolve, ResolvedAddress } from './types.js';

/** Every A and AAAA address, in the resolver's order. */
export const systemResolve: Resolve = async (host) => {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

const DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: 'no such host',
  ENODATA: 'the name has no address records',
  EAI_AGAIN: 'the DNS server did not answer (temporary failure)',
  ESERVFAIL: 'the DNS server failed',
  EREFUSED: 'the DNS server refused the query',
};

/** Resolves within the budget; any failure, or no address at all, is a `dns_failure`. */
export async function resolveWithin(resolve: Resolve, host: string, budget: Budget): Promise<ResolvedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // A DNS server that does not answer is a DNS failure; only the probe's total limit makes it a timeout.
    const failure = budget.byDeadline
      ? timeoutFailure('dns', `DNS answer for ${host}`, budget)
      : new ProbeFailure('dns_failure', 'dns', `${host}: no DNS answer within ${budget.ms} ms`);
    timer = setTimeout(() => reject(failure), budget.ms);
  });
  try {
    const addresses = await Promise.race([resolve(host), timeout]);
    if (addresses.length === 0) throw new ProbeFailure('dns_failure', 'dns', `${host}: no address found`);
    return addresses;
  } catch (error) {
    if (error instanceof ProbeFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ProbeFailure('dns_failure', 'dns', `${host}: ${DNS_ERRORS[code] ?? (error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
