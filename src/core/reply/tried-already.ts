import type { SessionState } from '../dialog/state.js';
import { stemTokens } from '../text/tokens.js';

/**
 * A sentence that reports something done or seen working: "it works on my phone on 4g",
 * "I already cleared the cache", "tried another browser".
 */
const REPORTS_DONE =
  /\b(?:tried|already|cleared|restarted|rebooted|switched|turned (?:it )?off|disabled|(?:works?|worked|loads?|loaded|opens?|is fine) (?:fine |ok |okay )?(?:on|over|with|from|in|at)|fine (?:on|over|with|from|in|at))\b/i;

/** Whether a sentence reports something done or seen working ("tried another browser"). */
export function reportsDone(text: string): boolean {
  return REPORTS_DONE.test(text);
}

/** The stems of what the person said they tried or saw working: a step about it is not news to them. */
export function triedAlready(state: SessionState): Set<string> {
  const stems = new Set<string>();
  for (const entry of state.transcript) {
    if (entry.from !== 'person') continue;
    for (const sentence of entry.text.split(/(?<=[.!?;,])\s+|\n+/)) {
      if (REPORTS_DONE.test(sentence)) for (const stem of stemTokens(sentence.toLowerCase())) stems.add(stem);
    }
  }
  return stems;
}
