import type { Cause } from '../core/taxonomy.js';
import type { AttemptResult } from './attempt.js';
import { outcomeOf } from './run-attempts.js';
import { summarize } from './summary.js';
import type { ProbeTarget } from './url-policy.js';
import { pickReported } from './verdict.js';
import type { BlockReason, ProbeReport } from './types.js';

const SAMPLE_BYTES = 1024;
const tenth = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/** The evidence's cause; failing that, what the probe saw itself. A healthy answer has none. */
function causeOf(attempt: AttemptResult): Cause {
  if (attempt.verdict === 'up') return 'unknown';
  const named = attempt.identification?.cause ?? 'unknown';
  if (named !== 'unknown') return named;
  if (attempt.last.response?.status === 504) return 'upstream_timeout';
  return attempt.failure?.kind === 'protocol' ? 'protocol' : 'unknown';
}

/** The report of a probe that ran: the attempt that tells most, and how the others went. */
export function reportFromAttempts(input: string, start: ProbeTarget, attempts: readonly AttemptResult[]): ProbeReport {
  const { index, pattern } = pickReported(attempts.map((a) => a.verdict));
  const chosen = attempts[index] as AttemptResult;
  const { last, identification } = chosen;
  const response = last.response;
  const error = chosen.failure?.message ?? response?.bodyProblem ?? null;
  const firstUp = attempts.findIndex((a) => a.verdict === 'up');
  const summary = summarize({
    host: start.url.hostname,
    verdict: chosen.verdict,
    status: response?.status ?? null,
    vendorName: identification?.vendorName ?? null,
    causeMeaning: identification?.causeMeaning ?? null,
    ttfb: last.timings.ttfb,
    matching: attempts.filter((a) => a.verdict === chosen.verdict).length,
    total: attempts.length,
    others: attempts.filter((a) => a.verdict !== chosen.verdict).map(outcomeOf),
    error,
    finalHost: last.target.url.hostname,
    dns: last.dns,
  });
  return {
    url: input,
    finalUrl: last.target.url.href,
    verdict: chosen.verdict,
    pattern,
    status: response?.status ?? null,
    vendor: identification?.vendor ?? 'unknown',
    cause: causeOf(chosen),
    dns: last.dns,
    addresses: last.addresses,
    address: last.address,
    timings: {
      dns: tenth(last.timings.dns),
      connect: tenth(last.timings.connect),
      tls: tenth(last.timings.tls),
      ttfb: tenth(last.timings.ttfb),
      total: tenth(chosen.durationMs) as number,
    },
    tls: last.tls,
    headers: response?.headers ?? {},
    bodySample: response ? response.body.subarray(0, SAMPLE_BYTES).toString('utf8') : '',
    attempts: attempts.map((a) => ({
      verdict: a.verdict,
      status: a.last.response?.status ?? null,
      ttfb: tenth(a.last.timings.ttfb),
      error: a.failure?.message ?? a.last.response?.bodyProblem ?? null,
    })),
    attemptsNeeded: firstUp === -1 ? null : firstUp + 1,
    redirects: chosen.redirects,
    error,
    ...(chosen.failure?.details.blockReason ? { blockReason: chosen.failure.details.blockReason } : {}),
    summary,
  };
}

/** The report of a probe that never ran: the URL was not one, or the policy refused it. */
export function refusalReport(input: string, host: string, refusal: { verdict: 'blocked' | 'invalid_url'; message: string; reason?: BlockReason }): ProbeReport {
  return {
    url: input,
    finalUrl: null,
    verdict: refusal.verdict,
    pattern: null,
    status: null,
    vendor: 'unknown',
    cause: 'unknown',
    dns: 'not_looked_up',
    addresses: [],
    address: null,
    timings: { dns: null, connect: null, tls: null, ttfb: null, total: 0 },
    tls: null,
    headers: {},
    bodySample: '',
    attempts: [],
    attemptsNeeded: null,
    redirects: [],
    error: refusal.message,
    ...(refusal.reason ? { blockReason: refusal.reason } : {}),
    summary: summarize({
      host,
      verdict: refusal.verdict,
      status: null,
      vendorName: null,
      causeMeaning: null,
      ttfb: null,
      matching: 0,
      total: 0,
      others: [],
      error: refusal.message,
      finalHost: null,
      dns: 'not_looked_up',
    }),
  };
}
