import { checkAddress } from './address-policy.js';
import { connectPinned } from './connect.js';
import type { Deadline } from './deadline.js';
import { exchange, type HttpResponse } from './exchange.js';
import { ProbeFailure } from './failure.js';
import type { ProbePolicy } from './policy.js';
import { resolveWithin } from './resolve.js';
import { handshake } from './tls-handshake.js';
import { portRefusal, type ProbeTarget } from './url-policy.js';
import type { DnsOutcome } from '../core/ports.js';
import type { Clock, ProbeProgress, Resolve, Timings, TlsInfo } from './types.js';

/** The probe's share of the rate limits: every request it makes (each attempt, each redirect) counts. */
export interface RequestBudget {
  /** Why one more request to `host` may not be made now, if so. */
  refusal(host: string): string | undefined;
  /** Counts one request to `host`; answers the refusal instead when there is no room. */
  take(host: string): string | undefined;
}

export interface HopContext {
  policy: ProbePolicy;
  resolve: Resolve;
  clock: Clock;
  deadline: Deadline;
  budget: RequestBudget;
  report: (progress: ProbeProgress) => void;
}

/** One request to one URL: resolve, check, connect, TLS, HTTP. */
export interface HopResult {
  target: ProbeTarget;
  dns: DnsOutcome;
  addresses: string[];
  address: string | null;
  timings: Omit<Timings, 'total'>;
  tls: TlsInfo | null;
  response: HttpResponse | null;
  failure: ProbeFailure | null;
}

/** The probe's own request: nothing from the person (no cookies, no headers) is ever added. */
function requestFor(url: URL, userAgent: string): string {
  return [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    `User-Agent: ${userAgent}`,
    'Accept: */*',
    'Accept-Encoding: identity',
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

const endpoint = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

async function timed<T>(clock: Clock, work: () => Promise<T>): Promise<[T, number]> {
  const start = clock.now();
  const value = await work();
  return [value, clock.now() - start];
}

/**
 * Every address must pass (a name with one private address among public ones is refused whole).
 * For a name, the refusal says nothing of what it resolved to: that would map internal names for
 * anyone who asks. An address the person typed is named with its kind.
 */
function refuseForbidden(target: ProbeTarget, addresses: readonly string[], policy: ProbePolicy): void {
  for (const address of addresses) {
    if (policy.trustedEndpoints.includes(endpoint(address, target.port))) continue;
    const verdict = checkAddress(address, policy.allowPrivate);
    if (!verdict.allowed) {
      const why = target.isAddress ? verdict.reason : `${target.host} resolves to an address that is not public`;
      throw new ProbeFailure('blocked', 'dns', `${why}, which is not probed`, { blockReason: 'forbidden_address' });
    }
    if (target.privatePortOnly && checkAddress(address, false).allowed) {
      throw new ProbeFailure('blocked', 'dns', portRefusal(target.port, policy.allowedPorts), { blockReason: 'port' });
    }
  }
}

export async function runHop(target: ProbeTarget, context: HopContext): Promise<HopResult> {
  const { policy, clock, deadline, report } = context;
  const { timeouts } = policy;
  const hop: HopResult = {
    target,
    dns: 'not_looked_up',
    addresses: [],
    address: null,
    timings: { dns: null, connect: null, tls: null, ttfb: null },
    tls: null,
    response: null,
    failure: null,
  };
  try {
    const overBudget = context.budget.take(target.host);
    if (overBudget) throw new ProbeFailure('blocked', 'http', overBudget, { blockReason: 'rate_limited' });
    let addresses = [target.host];
    if (!target.isAddress) {
      const [found, ms] = await timed(clock, () => resolveWithin(context.resolve, target.host, deadline.budget(timeouts.dnsMs)));
      hop.dns = 'resolved';
      addresses = found.map((a) => a.address);
      hop.timings.dns = ms;
    }
    refuseForbidden(target, addresses, policy);
    hop.addresses = addresses;
    report({ step: 'dns', ok: true, detail: target.isAddress ? `${target.host} is an address: no lookup` : `${target.host} → ${hop.addresses.join(', ')}` });

    const [connected, connectMs] = await timed(clock, () => connectPinned(hop.addresses, target.port, deadline, timeouts.connectMs));
    hop.address = connected.address;
    hop.timings.connect = connectMs;
    report({ step: 'connect', ok: true, detail: endpoint(connected.address, target.port) });

    let socket = connected.socket;
    if (target.secure) {
      const [secured, tlsMs] = await timed(clock, () =>
        handshake(connected.socket, target.host, target.isAddress, policy.extraCa, deadline, timeouts.tlsMs),
      );
      socket = secured.socket;
      hop.tls = secured.tls;
      hop.timings.tls = tlsMs;
      report({ step: 'tls', ok: true, detail: `${secured.tls.protocol ?? 'TLS'}, certificate for ${secured.tls.subject ?? '?'}` });
    }

    const answer = await exchange(socket, requestFor(target.url, policy.userAgent), {
      deadline,
      clock,
      ttfbMs: timeouts.ttfbMs,
      readMs: timeouts.readMs,
      headCapBytes: policy.headCapBytes,
      bodyCapBytes: policy.bodyCapBytes,
    });
    hop.timings.ttfb = answer.ttfb;
    hop.response = answer.response;
    hop.failure = answer.failure;
  } catch (error) {
    if (!(error instanceof ProbeFailure)) throw error;
    hop.failure = error;
    hop.dns = error.details.dns ?? hop.dns;
    hop.tls = error.details.tls ?? hop.tls;
    report({ step: error.step, ok: false, detail: error.message });
  }
  return hop;
}
