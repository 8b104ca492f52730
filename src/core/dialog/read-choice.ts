import { stemTokens } from '../text/tokens.js';

const FIRST = /^\s*(?:yes|yeah|yep|yup|y|right|correct|exactly|that one|the first(?: one)?|first|1)\b/i;
const ORDINALS: readonly RegExp[] = [
  FIRST,
  /^\s*(?:the second(?: one)?|second|2)\b/i,
  /^\s*(?:the third(?: one)?|third|3)\b/i,
  /^\s*(?:the fourth(?: one)?|fourth|4)\b/i,
];
const OTHER = /^\s*(?:the other(?: one)?)\b/i;

/**
 * Which of the offered options (by their button labels) a typed reply picks: "yes" or "the first"
 * for the first, "the second", "the other" of two, or the option whose label shares words with
 * the reply. Undefined when the reply picks none.
 */
export function readChoice(reply: string, labels: readonly string[]): number | undefined {
  const ordinal = ORDINALS.findIndex((pattern) => pattern.test(reply));
  if (ordinal >= 0 && ordinal < labels.length) return ordinal;
  if (OTHER.test(reply) && labels.length === 2) return 1;
  const words = new Set(stemTokens(reply.toLowerCase().replace(/[./:-]/g, ' ')));
  const shared = labels.map((label, index) => ({
    index,
    count: stemTokens(label.toLowerCase().replace(/[./:-]/g, ' ')).filter((stem) => stem.length > 3 && words.has(stem)).length,
  }));
  const [best, other] = shared.sort((a, b) => b.count - a.count);
  return best && best.count > 0 && best.count > (other?.count ?? 0) ? best.index : undefined;
}
