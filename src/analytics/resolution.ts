import type { FeedbackRecord, TurnRecord } from '../core/ports.js';

/**
 * The person asked updoc something about an error: a turn it answered from an article, or one it
 * could not answer. A "hello" (or a button pressed on nothing) is no question: such conversations
 * are neither resolved nor unresolved, so a flood of greetings cannot move the resolution rate.
 */
export function askedSomething(turns: TurnRecord[]): boolean {
  return turns.some((t) => t.article !== null || t.unanswered);
}

/**
 * A conversation is resolved when it asked something and got a thumbs up, or ended on an answer:
 * its last turn was answered, no question followed, and that last turn was not a thumbs down or
 * a request for a person. Both lists are one conversation's, oldest first.
 */
export function isResolved(turns: TurnRecord[], feedback: FeedbackRecord[]): boolean {
  if (!askedSomething(turns)) return false;
  if (feedback.some((f) => f.value === 'up')) return true;
  const last = turns.at(-1);
  if (!last || last.kind !== 'answer' || last.unanswered) return false;
  if (turns.some((t) => t.kind === 'handoff')) return false;
  // The thumbs down and the turn that pressed it are recorded at the same moment.
  const lastDown = feedback.filter((f) => f.value === 'down').at(-1);
  return !lastDown || lastDown.at < last.at;
}
