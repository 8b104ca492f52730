import { ProbeFailure, type FailureDetails } from './failure.js';
import type { Clock, ProbeStep } from './types.js';

export interface Budget {
  ms: number;
  /** The probe's total limit, not the phase's own, sets this budget. */
  byDeadline: boolean;
}

/** The end of the whole probe: every phase waits at most its own limit, and never past this. */
export class Deadline {
  private readonly end: number;

  constructor(private readonly clock: Clock, totalMs: number) {
    this.end = clock.now() + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.end - this.clock.now());
  }

  budget(phaseMs: number): Budget {
    const remaining = this.remaining();
    return remaining < phaseMs ? { ms: remaining, byDeadline: true } : { ms: phaseMs, byDeadline: false };
  }
}

/** `what` reads after "no": "answer", "TLS handshake". */
export function timeoutFailure(step: ProbeStep, what: string, budget: Budget, details: FailureDetails = {}): ProbeFailure {
  const message = budget.byDeadline ? `no ${what} before the probe's total time limit ran out` : `no ${what} within ${Math.round(budget.ms)} ms`;
  return new ProbeFailure('timeout', step, message, { ...details, byDeadline: budget.byDeadline });
}
