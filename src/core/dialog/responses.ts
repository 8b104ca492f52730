import type { KnowledgeBase, ResponseKind } from '../knowledge/types.js';
import { saysFixed } from '../text/says-fixed.js';
import type { SessionState } from './state.js';

/**
 * One of knowledge/dialog.yaml's wordings of this kind, different from the last thing updoc
 * said, with its {placeholders} filled in.
 */
export function say(kb: KnowledgeBase, kind: ResponseKind, vars: Record<string, string> = {}, state?: SessionState): string {
  const options = kb.dialog.responses[kind];
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
  const fresh = state ? options.filter((text) => fill(text) !== state.lastReply) : options;
  const pool = fresh.length > 0 ? fresh : options;
  return fill(pool[(state?.transcript.length ?? 0) % pool.length] as string);
}

const THANKS = /\b(?:thanks?|thank you|thx|ty|cheers|appreciated?|grateful|that (?:fixed|solved|worked)|it works now|all good now)\b/i;
const GREETING = /\b(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|yo)\b/i;

const STILL_FAILING = /\?|\b(?:not|still|never|but|no longer|again\?)\b|n't\b/i;
const FIXED_REPORT_CHARS = 120;

/** "i restarted php-fpm and it works now": the person reports the error gone, and asks nothing more. */
export function reportsFixed(text: string): boolean {
  return text.length <= FIXED_REPORT_CHARS && saysFixed(text) && !STILL_FAILING.test(text);
}

/** Which short reply fits a piece of small talk; an "ok" after an answer is no cue to introduce updoc again. */
export function smalltalkKind(text: string, answered: boolean): ResponseKind {
  if (THANKS.test(text)) return 'thanks';
  if (GREETING.test(text)) return 'greeting';
  return answered ? 'acknowledged' : 'smalltalk';
}
