import { setTimeout as delay } from 'node:timers/promises';
import { runAttempt, type AttemptContext, type AttemptResult } from './attempt.js';
import type { ProbeTarget } from './url-policy.js';

export function outcomeOf(attempt: AttemptResult): string {
  return attempt.failure?.message ?? `HTTP ${attempt.last.response?.status ?? '?'}`;
}

/**
 * Several spaced attempts, to tell a steady failure from an intermittent one, all within the
 * probe's total time limit.
 */
export async function runAttempts(target: ProbeTarget, context: AttemptContext): Promise<AttemptResult[]> {
  const { policy, deadline, report } = context;
  const attempts: AttemptResult[] = [];
  let longest = 0;
  for (let n = 1; n <= policy.attempts; n++) {
    if (n > 1) {
      // Another attempt starts only if it can finish (a slow site must not read as a timeout) and
      // the rate limits leave room for it (they are not the site's behaviour either).
      if (deadline.remaining() < longest + policy.spacingMs || context.budget.refusal(target.host)) break;
      await delay(policy.spacingMs);
    }
    // Phase by phase progress for the first attempt; later ones only say how they ended.
    const attempt = await runAttempt(target, n === 1 ? context : { ...context, report: () => {} });
    // Cut short by the total limit or the rate limits, a later attempt says nothing about the site.
    if (n > 1 && (attempt.failure?.details.byDeadline || attempt.failure?.details.blockReason === 'rate_limited')) break;
    attempts.push(attempt);
    report({ step: 'attempt', ok: attempt.verdict === 'up', detail: `attempt ${n} of ${policy.attempts}: ${outcomeOf(attempt)}` });
    longest = Math.max(longest, attempt.durationMs);
    if (attempt.verdict === 'blocked') break;
  }
  return attempts;
}
