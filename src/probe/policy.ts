/** What the prober may do and how long it waits. Every limit has a safe default. */
export interface ProbePolicy {
  /** Allow loopback and private addresses, on any port (local testing only); public addresses keep the port allow-list. */
  allowPrivate: boolean;
  allowedPorts: readonly number[];
  /** Exact "address:port" endpoints the address policy lets through (an operator's own status page, a test server). */
  trustedEndpoints: readonly string[];
  /** Extra trusted root certificates (PEM), added to Node's. */
  extraCa: readonly string[];
  attempts: number;
  /** Pause between attempts. */
  spacingMs: number;
  timeouts: {
    dnsMs: number;
    connectMs: number;
    tlsMs: number;
    /** Request written → first byte of the answer. */
    ttfbMs: number;
    /** First byte → end of the (capped) answer. */
    readMs: number;
    /** The whole probe, every attempt and redirect included. */
    totalMs: number;
  };
  maxConcurrent: number;
  /** Requests (attempts and redirects followed) one person's probes may make. */
  perRequester: RateLimit;
  /** Requests all probes together may make to one host name. */
  perHost: RateLimit;
  headCapBytes: number;
  bodyCapBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export type PolicyOverrides = Partial<Omit<ProbePolicy, 'timeouts'>> & { timeouts?: Partial<ProbePolicy['timeouts']> };

export const DEFAULT_POLICY: ProbePolicy = {
  allowPrivate: false,
  allowedPorts: [80, 443, 8080, 8443],
  trustedEndpoints: [],
  extraCa: [],
  attempts: 3,
  spacingMs: 300,
  timeouts: { dnsMs: 3_000, connectMs: 3_000, tlsMs: 3_000, ttfbMs: 8_000, readMs: 5_000, totalMs: 10_000 },
  maxConcurrent: 8,
  perRequester: { limit: 24, windowMs: 60_000 },
  perHost: { limit: 24, windowMs: 60_000 },
  headCapBytes: 64 * 1024,
  bodyCapBytes: 64 * 1024,
  maxRedirects: 5,
  userAgent: 'updoc-probe/0.1 (+diagnostics)',
};

export function resolvePolicy(overrides: PolicyOverrides = {}): ProbePolicy {
  return { ...DEFAULT_POLICY, ...overrides, timeouts: { ...DEFAULT_POLICY.timeouts, ...overrides.timeouts } };
}

/** Reads a list like "80,443,8080" (PROBE_ALLOWED_PORTS); throws a one-line message when it is not one. */
export function parsePortList(text: string): number[] {
  const ports = text.split(',').map((part) => part.trim()).filter(Boolean).map(Number);
  if (ports.length === 0 || !ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new Error(`PROBE_ALLOWED_PORTS must be a comma-separated list of ports (1-65535), got "${text}"`);
  }
  return ports;
}
