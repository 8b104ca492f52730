import type { ReadMessage } from '../message.js';
import type { FactCues } from '../text/fact-cues.js';
import { stemTokens } from '../text/tokens.js';

/** What a person asks is said at the start and the end of their own words; the middle is story. */
const HEAD_CHARS = 1_200;
const TAIL_CHARS = 400;
const GATEWAY_WORDS = /\b(?:gateway|proxy|upstream|time-?out|timed out|5\d\d)\b/;

/** Prose length buckets, in words: a one-liner, a chat line, a short post, a long post. */
const LENGTHS = [3, 12, 40] as const;

function lengthBucket(words: number): string {
  const bucket = LENGTHS.findIndex((limit) => words <= limit);
  return `#len${bucket === -1 ? LENGTHS.length : bucket}`;
}

/**
 * The classifiers' view of a message: stemmed words and word pairs of the person's own lines, and
 * flags for everything else (a URL, the kinds of evidence and of pasted material, a title, the
 * length) so that the same words read differently above a log line or a pasted error page.
 */
export function messageFeatures({ text, evidence, structure }: ReadMessage, cues: FactCues): string[] {
  const { prose } = structure;
  const head = stemTokens(prose.slice(0, HEAD_CHARS));
  const tail = prose.length > HEAD_CHARS ? stemTokens(prose.slice(Math.max(HEAD_CHARS, prose.length - TAIL_CHARS))) : [];
  const features = new Set<string>();
  for (const part of [head, tail]) {
    part.forEach((token, i) => {
      features.add(token);
      const next = part[i + 1];
      if (next) features.add(`${token} ${next}`);
    });
  }
  if (evidence.urls.length > 0 || evidence.hosts.length > 0) features.add('#url');
  for (const hit of evidence.hits) features.add(`#${hit.signature.kind}`);
  if (evidence.hits.some((h) => h.signature.cause)) features.add('#cause');
  if (evidence.statuses.some((s) => s >= 500)) features.add('#5xx');
  // Naive Bayes only hears what is there: that no gateway error is named at all is worth a feature.
  else if (!GATEWAY_WORDS.test(text.plain)) features.add('#no-gateway-error');
  if (prose.includes('?')) features.add('#question');
  if (new Set(evidence.statuses).size >= 2) features.add('#codes2');
  // The sentences that ask something carry the intent: their words count again, marked.
  for (const sentence of prose.slice(0, HEAD_CHARS).split(/(?<=[?])|[.!\n]/)) {
    if (!sentence.trim().endsWith('?')) continue;
    for (const token of stemTokens(sentence)) features.add(`?${token}`);
  }
  if (structure.title) features.add('#title');
  for (const kind of structure.pasted) features.add(`#pasted:${kind}`);
  if (structure.pastedShare >= 0.5) features.add('#mostly-pasted');
  features.add(lengthBucket(head.length + tail.length));
  // What knowledge/dialog.yaml recognises in any message ("I'm the admin", "after I deployed").
  for (const { fact, pattern } of cues.matching(prose)) features.add(`#${fact}:${pattern.value}`);
  if (text.plain.trim() === '') features.add('#empty');
  return [...features];
}
