import type { KnowledgeBase, ResponseKind } from '../knowledge/types.js';
import type { SessionState } from './state.js';

/** A wording of this kind of reply that differs from the last thing updoc said. */
export function pickResponse(kb: KnowledgeBase, kind: ResponseKind, state: SessionState): string {
  const options = kb.dialog.responses[kind];
  const fresh = options.filter((text) => text !== state.lastReply);
  const pool = fresh.length > 0 ? fresh : options;
  return pool[state.transcript.length % pool.length] as string;
}

const THANKS = /\b(?:thanks?|thank you|thx|ty|cheers|appreciated?|grateful|that (?:fixed|solved|worked)|it works now|all good now)\b/i;
const GREETING = /\b(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|yo)\b/i;

/** Which short reply fits a piece of small talk. */
export function smalltalkKind(text: string): ResponseKind {
  if (THANKS.test(text)) return 'thanks';
  if (GREETING.test(text)) return 'greeting';
  return 'smalltalk';
}
