import { isGatewayStatus } from '../core/gateway-status.js';
import type { FailureKind, ProbeFailure } from './failure.js';
import type { Verdict } from './types.js';

const FAILURE_VERDICTS: Record<FailureKind, Verdict> = {
  dns_failure: 'dns_failure',
  refused: 'refused',
  timeout: 'timeout',
  tls_failure: 'tls_failure',
  blocked: 'blocked',
  // The server took the connection but gave no usable HTTP answer, or redirected nowhere usable.
  no_answer: 'http_error',
  protocol: 'http_error',
  too_many_redirects: 'http_error',
  bad_redirect: 'http_error',
};

export function failureVerdict(failure: ProbeFailure): Verdict {
  return FAILURE_VERDICTS[failure.kind];
}

export function statusVerdict(status: number): Verdict {
  if (status < 400) return 'up';
  return isGatewayStatus(status) ? 'gateway_error' : 'http_error';
}

/**
 * Which attempt the report describes: a failure outranks success (an intermittent 502 is what the
 * person asked about); among failures, the most frequent, and of those the first.
 */
export function pickReported(verdicts: readonly Verdict[]): { index: number; pattern: 'steady' | 'intermittent' } {
  const pattern = verdicts.every((v) => v === verdicts[0]) ? 'steady' : 'intermittent';
  const counts = new Map<Verdict, number>();
  for (const verdict of verdicts) if (verdict !== 'up') counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  let chosen: Verdict = 'up';
  let most = 0;
  for (const [verdict, count] of counts) {
    if (count > most) [chosen, most] = [verdict, count];
  }
  return { index: verdicts.indexOf(chosen), pattern };
}
