import { createProber, type ProberDeps } from '../../../src/probe/create-prober.js';
import { identifyWith } from '../../../src/probe/identify.js';
import type { PolicyOverrides } from '../../../src/probe/policy.js';
import type { ProbeProgress, Resolve } from '../../../src/probe/types.js';
import { loadDiagnoser } from '../../../src/runtime/diagnoser.js';

const identify = identifyWith(loadDiagnoser());

/** A resolver that knows only the given names (a name → its addresses); any other name does not exist. */
export function mapResolver(names: Record<string, string[]>, calls: string[] = []): Resolve {
  return async (host) => {
    calls.push(host);
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

/** A prober with the brain's real signatures and test-sized limits. */
export function testProber(policy: PolicyOverrides, resolve?: Resolve, extra: Partial<ProberDeps> = {}) {
  return createProber({ identify, policy, ...(resolve ? { resolve } : {}), ...extra });
}

export const NO_LIMITS: PolicyOverrides = {
  perRequester: { limit: 10_000, windowMs: 60_000 },
  perHost: { limit: 10_000, windowMs: 60_000 },
  maxConcurrent: 1_000,
};

/** Records progress events. */
export function progressLog(): { events: ProbeProgress[]; onProgress: (p: ProbeProgress) => void } {
  const events: ProbeProgress[] = [];
  return { events, onProgress: (p) => events.push(p) };
}
