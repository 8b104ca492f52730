import { RecordRefused, type ActivityLog } from '../core/ports.js';
import type { UseCounter } from '../store/use-counter.js';

export interface HandoffBudget {
  /** Handoffs one person (a channel's requester) may make within the window. */
  limit: number;
  windowMs: number;
}

/** A person rarely needs a second handoff within the hour; a third means something else is going on. */
export const DEFAULT_HANDOFF_BUDGET: HandoffBudget = { limit: 3, windowMs: 60 * 60_000 };

/**
 * The activity log with a budget of handoffs per person: one client asking for a person hundreds
 * of times (each time in a new conversation) reaches the support team a few times, not hundreds.
 * A refusal is a RecordRefused, whose message the person is told instead of a handoff.
 * Turns without a requester (the command line) are not counted.
 */
export function withHandoffBudget(log: ActivityLog, uses: UseCounter, budget: HandoffBudget = DEFAULT_HANDOFF_BUDGET): ActivityLog {
  const minutes = Math.round(budget.windowMs / 60_000);
  return {
    recordTurn: (record) => log.recordTurn(record),
    recordFeedback: (record) => log.recordFeedback(record),
    async recordHandoff(packet, from) {
      const requester = from?.requester;
      if (requester !== undefined && !(await uses.take(`handoff:${requester}`, budget.limit, budget.windowMs))) {
        throw new RecordRefused(
          `I can't pass on another request for a person from you just now: at most ${budget.limit} in ${minutes} minutes. ` +
            'The support team already has your earlier ones; please try again later.',
        );
      }
      await log.recordHandoff(packet, from);
    },
  };
}
