import type { DnsOutcome, ProbeVerdict } from '../core/ports.js';
import type { Cause, Vendor } from '../core/taxonomy.js';

export type Verdict = ProbeVerdict;

/** Why the safety policy refused to probe (verdict `blocked`). */
export type BlockReason = 'scheme' | 'userinfo' | 'port' | 'forbidden_address' | 'rate_limited' | 'busy';

/**
 * Phase durations in milliseconds, httpstat style: each phase on its own (not cumulative like
 * curl's -w times). dns, connect, tls and ttfb are those of the last hop of the reported attempt
 * (ttfb: request written → first response byte); total is that whole attempt, redirects included.
 * A phase that did not happen is null (no TLS on http://, no DNS for an IP address).
 */
export interface Timings {
  dns: number | null;
  connect: number | null;
  tls: number | null;
  ttfb: number | null;
  total: number;
}

export interface TlsInfo {
  protocol: string | null;
  subject: string | null;
  issuer: string | null;
  /** ISO 8601. */
  validTo: string | null;
  /** The certificate does not name the host that was asked for. */
  nameMismatch?: boolean;
}

export interface AttemptReport {
  verdict: Verdict;
  status: number | null;
  ttfb: number | null;
  error: string | null;
}

export interface Redirect {
  url: string;
  status: number;
  location: string;
}

export interface ProbeReport {
  /** The URL as the person gave it. */
  url: string;
  /** The last URL requested (after redirects); null when nothing was requested. */
  finalUrl: string | null;
  verdict: Verdict;
  /** steady: every attempt ended the same way; intermittent: they differed; null: no attempt ran. */
  pattern: 'steady' | 'intermittent' | null;
  status: number | null;
  vendor: Vendor;
  cause: Cause;
  /** What the DNS lookup of the last host found: a name that does not exist is not a resolver that failed. */
  dns: DnsOutcome;
  /** Every address the last host resolved to. */
  addresses: string[];
  /** The address actually connected to (the one the policy checked). */
  address: string | null;
  timings: Timings;
  tls: TlsInfo | null;
  /** Response headers, names in lower case, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The first KiB of the response body. */
  bodySample: string;
  attempts: AttemptReport[];
  /** Attempts made until the first that succeeded (2xx/3xx); null when none did. */
  attemptsNeeded: number | null;
  redirects: Redirect[];
  error: string | null;
  blockReason?: BlockReason;
  summary: string;
}

export type ProbeStep = 'dns' | 'connect' | 'tls' | 'http' | 'attempt' | 'done';

/** One line of live progress, e.g. {step: 'tls', ok: true, detail: 'TLSv1.3'}. */
export interface ProbeProgress {
  step: ProbeStep;
  ok: boolean;
  detail: string;
}

export interface ProbeOptions {
  onProgress?: (progress: ProbeProgress) => void;
  /** Who asked (a user or channel id), for the per-person rate limit. */
  requester?: string;
}

export interface Prober {
  probe(url: string, options?: ProbeOptions): Promise<ProbeReport>;
}

/** Names the layer that produced a response and why it failed, from its headers and body. */
export interface Identification {
  vendor: Vendor;
  cause: Cause;
  /** The vendor as people read it ("Apache httpd"). */
  vendorName?: string;
  /** One sentence on what the cause means for a visitor. */
  causeMeaning?: string;
}
export type Identify = (text: string) => Identification;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
}
