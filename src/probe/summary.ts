import type { DnsOutcome } from '../core/ports.js';
import type { Verdict } from './types.js';

/** What the one or two sentences of a report are made from. */
export interface SummaryFacts {
  host: string;
  verdict: Verdict;
  status: number | null;
  vendorName: string | null;
  causeMeaning: string | null;
  ttfb: number | null;
  /** Attempts that ended like the reported one, and all attempts. */
  matching: number;
  total: number;
  /** How the other attempts ended ("HTTP 200", "connection refused"). */
  others: string[];
  error: string | null;
  /** The host that finally answered, when redirects led elsewhere. */
  finalHost: string | null;
  dns: DnsOutcome;
}

export function formatMs(ms: number): string {
  if (ms < 1) return 'under 1 ms';
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What a gateway's status says about the hop behind it, when the evidence names no cause. */
function gatewayMeaning(status: number, who: string): string {
  if (status === 504) return `${who} waited too long for the server behind it`;
  if (status === 503) return `${who} had no server available to handle the request`;
  if (status === 502) return `${who} could not get a valid answer from the server behind it`;
  return `${who} could not get a good answer from the site's own server`;
}

function httpErrorMeaning(status: number): string {
  return status >= 500
    ? 'the site reported an error of its own, not a gateway failure'
    : 'the site refused this request, which is not a gateway failure';
}

const onAttempts = (f: SummaryFacts) => `on ${f.matching} of ${f.total} attempt${f.total === 1 ? '' : 's'}`;

/** For an intermittent result, what the other attempts got. */
function othersNote(f: SummaryFacts): string {
  return f.others.length > 0 ? ` The other attempts got ${[...new Set(f.others)].join(', ')}, so the problem is intermittent.` : '';
}

/** A name that does not exist is a fact about the site; a resolver that failed is a fact about updoc's network. */
function dnsFailure(f: SummaryFacts): string {
  const host = f.finalHost ?? f.host;
  if (f.dns === 'nxdomain') return `${host} does not exist in DNS ${onAttempts(f)}.`;
  if (f.dns === 'no_address') return `${host} exists in DNS but has no address ${onAttempts(f)}.`;
  return `updoc's own DNS lookup of ${host} failed ${onAttempts(f)} (${f.error}), which says nothing about whether the site is up.`;
}

/** One or two sentences a person reads. */
export function summarize(f: SummaryFacts): string {
  const from = f.vendorName ? ` from ${f.vendorName}` : '';
  const after = f.ttfb === null ? '' : ` in ${formatMs(f.ttfb)}`;
  const via = f.finalHost && f.finalHost !== f.host ? ` (redirected to ${f.finalHost})` : '';
  const answered = `${f.host} answered ${f.status}${from}${after}${via} ${onAttempts(f)}`;
  switch (f.verdict) {
    case 'up':
      return `${f.host} is up: it answered ${f.status}${from}${after}${via} ${onAttempts(f)}.${f.error ? ` The response was not complete: ${f.error}.` : ''}`;
    case 'gateway_error':
      return `${answered}: ${f.causeMeaning ?? gatewayMeaning(f.status as number, f.vendorName ?? 'a gateway')}.${othersNote(f)}`;
    case 'http_error':
      if (f.status !== null) return `${answered}: ${httpErrorMeaning(f.status)}.${othersNote(f)}`;
      return `${f.host} gave no usable answer${via} ${onAttempts(f)}: ${f.error}.${othersNote(f)}`;
    case 'timeout':
      return `${f.host} did not answer in time${via} ${onAttempts(f)}: ${f.error}.${othersNote(f)}`;
    case 'refused':
      return `${f.host} could not be connected to${via} ${onAttempts(f)}: ${f.error}; nothing accepts connections on that port, or a firewall rejects them.${othersNote(f)}`;
    case 'dns_failure':
      return `${dnsFailure(f)}${othersNote(f)}`;
    case 'tls_failure':
      return `The secure connection to ${f.host}${via} failed ${onAttempts(f)}: ${f.error}.${othersNote(f)}`;
    case 'blocked':
      return `updoc did not probe ${f.host}: ${f.error}.`;
    case 'invalid_url':
      return `updoc cannot probe that: ${f.error}.`;
  }
}
