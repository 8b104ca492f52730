import type { Evidence } from '../evidence/types.js';
import type { PreparedText } from '../text/prepare.js';
import { stemTokens } from '../text/tokens.js';

/** What a person asks is said at the start and the end of a long post; the middle is usually pasted material. */
const HEAD_CHARS = 1_200;
const TAIL_CHARS = 400;

/**
 * The classifier's view of a message: stemmed words, word pairs, and evidence flags (a URL, a log
 * line, an error page, a named vendor) so that the same words read differently next to a log line.
 */
export function intentFeatures(text: PreparedText, evidence: Evidence): string[] {
  const { plain } = text;
  const head = stemTokens(plain.slice(0, HEAD_CHARS));
  const tail = plain.length > HEAD_CHARS ? stemTokens(plain.slice(Math.max(HEAD_CHARS, plain.length - TAIL_CHARS))) : [];
  const features = new Set<string>();
  for (const part of [head, tail]) {
    part.forEach((token, i) => {
      features.add(token);
      const next = part[i + 1];
      if (next) features.add(`${token} ${next}`);
    });
  }
  if (evidence.urls.length > 0 || evidence.hosts.length > 0) features.add('#url');
  const kinds = new Set(evidence.hits.map((h) => h.signature.kind));
  for (const kind of kinds) features.add(`#${kind}`);
  if (evidence.hits.some((h) => h.signature.cause)) features.add('#cause');
  if (evidence.statuses.some((s) => s >= 500)) features.add('#5xx');
  if (/\?\s*$/.test(plain)) features.add('#question');
  if (head.length + tail.length > 60) features.add('#long');
  if (features.size === 0) features.add('#empty');
  return [...features];
}
