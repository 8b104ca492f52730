import type { Intent } from '../taxonomy.js';
import { stemTokens } from '../text/tokens.js';

const FIRST = /^\s*(?:yes|yeah|yep|yup|y|right|correct|exactly|that one|the first(?: one)?|first|1)\b/i;
const SECOND = /^\s*(?:the second(?: one)?|second|the other(?: one)?|2)\b/i;

/**
 * Which of the offered meanings a typed reply picks: "yes" or "the first" for the first, "the
 * other" for the second, or the option whose label shares words with the reply.
 */
export function readChoice(reply: string, options: readonly Intent[], labels: Record<Intent, string>): Intent | undefined {
  if (FIRST.test(reply)) return options[0];
  if (SECOND.test(reply) && options[1]) return options[1];
  const words = new Set(stemTokens(reply.toLowerCase()));
  const shared = options.map((intent) => ({
    intent,
    count: stemTokens(labels[intent].toLowerCase()).filter((stem) => stem.length > 3 && words.has(stem)).length,
  }));
  const [best, other] = shared.sort((a, b) => b.count - a.count);
  return best && best.count > 0 && best.count > (other?.count ?? 0) ? best.intent : undefined;
}
