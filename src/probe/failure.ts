import type { DnsOutcome } from '../core/ports.js';
import type { BlockReason, ProbeStep, TlsInfo } from './types.js';

/** Why an attempt got no usable answer. Kinds without a verdict of their own read as `http_error`. */
export type FailureKind =
  | 'dns_failure' | 'refused' | 'timeout' | 'tls_failure' | 'blocked'
  | 'no_answer' | 'protocol' | 'too_many_redirects' | 'bad_redirect';

export interface FailureDetails {
  /** The total time limit ran out, rather than the phase's own timeout. */
  byDeadline?: boolean;
  blockReason?: BlockReason;
  tls?: TlsInfo;
  /** What the DNS lookup found, for a failure of the lookup itself. */
  dns?: DnsOutcome;
}

export class ProbeFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly step: ProbeStep,
    message: string,
    readonly details: FailureDetails = {},
  ) {
    super(message);
  }
}

const CONNECT_ERRORS: Record<string, [FailureKind, string]> = {
  ECONNREFUSED: ['refused', 'connection refused'],
  EHOSTUNREACH: ['refused', 'host unreachable'],
  ENETUNREACH: ['refused', 'network unreachable'],
  EADDRNOTAVAIL: ['refused', 'address not available'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
  ECONNRESET: ['no_answer', 'connection reset by the server'],
  EPIPE: ['no_answer', 'connection closed by the server'],
};

/** A socket error as a failure of the given step. */
export function socketFailure(error: Error, step: ProbeStep): ProbeFailure {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const [kind, message] = CONNECT_ERRORS[code] ?? ['no_answer', error.message];
  if (step === 'tls' && kind !== 'timeout') return new ProbeFailure('tls_failure', step, `TLS handshake failed: ${message}`);
  return new ProbeFailure(kind, step, message);
}

/** Later phases attach their own listeners; this keeps an error between phases from crashing the process. */
export function guardErrors(socket: NodeJS.EventEmitter): void {
  socket.removeAllListeners('error');
  socket.on('error', () => {});
}
