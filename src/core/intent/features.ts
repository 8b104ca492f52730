import type { ReadMessage } from '../message.js';
import type { FactCues } from '../text/fact-cues.js';
import { saysFixed } from '../text/says-fixed.js';
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

/** Where a message's features go: kept as strings for training, or as ids in a `FeatureSpace` for reading. */
export interface FeatureSink {
  /** A run of the person's stemmed words: each word, then it and the next as the pair "first second". */
  words(run: readonly string[]): void;
  /** The words of a sentence that asks something: each as the feature "?word". */
  asked(words: readonly string[]): void;
  /** Everything else, "#…" (a URL, a kind of evidence, the length). */
  flag(name: string): void;
}

/**
 * The classifiers' view of a message: stemmed words and word pairs of the person's own lines, and
 * flags for everything else (a URL, the kinds of evidence and of pasted material, a title, the
 * length) so that the same words read differently above a log line or a pasted error page.
 */
export function emitFeatures({ text, evidence, structure }: ReadMessage, cues: FactCues, sink: FeatureSink): void {
  const { prose } = structure;
  const head = stemTokens(prose.slice(0, HEAD_CHARS));
  const tail = prose.length > HEAD_CHARS ? stemTokens(prose.slice(Math.max(HEAD_CHARS, prose.length - TAIL_CHARS))) : [];
  sink.words(head);
  sink.words(tail);
  if (evidence.urls.length > 0 || evidence.hosts.length > 0) sink.flag('#url');
  for (const hit of evidence.hits) sink.flag(`#${hit.signature.kind}`);
  if (evidence.hits.some((h) => h.signature.cause)) sink.flag('#cause');
  if (evidence.statuses.some((s) => s >= 500)) sink.flag('#5xx');
  // Naive Bayes only hears what is there: that no gateway error is named at all is worth a feature.
  else if (!GATEWAY_WORDS.test(text.plain)) sink.flag('#no-gateway-error');
  if (prose.includes('?')) sink.flag('#question');
  // Technical words in a thank-you are the fix that worked, not a question about it.
  else if (structure.pasted.length === 0 && saysFixed(prose)) sink.flag('#reports-fixed');
  if (new Set(evidence.statuses).size >= 2) sink.flag('#codes2');
  // The sentences that ask something carry the intent: their words count again, marked.
  for (const sentence of prose.slice(0, HEAD_CHARS).split(/(?<=[?])|[.!\n]/)) {
    if (!sentence.trim().endsWith('?')) continue;
    sink.asked(stemTokens(sentence));
  }
  if (structure.title) sink.flag('#title');
  for (const kind of structure.pasted) sink.flag(`#pasted:${kind}`);
  if (structure.pastedShare >= 0.5) sink.flag('#mostly-pasted');
  sink.flag(lengthBucket(head.length + tail.length));
  // What knowledge/dialog.yaml recognises in any message ("I'm the admin", "after I deployed").
  for (const { fact, pattern } of cues.matching(prose)) sink.flag(`#${fact}:${pattern.value}`);
  if (text.plain.trim() === '') sink.flag('#empty');
}

/** A message's features as strings, each once, in the order they occur (what training reads). */
export function messageFeatures(read: ReadMessage, cues: FactCues): string[] {
  const features = new Set<string>();
  emitFeatures(read, cues, {
    words: (run) =>
      run.forEach((word, i) => {
        features.add(word);
        const next = run[i + 1];
        if (next) features.add(`${word} ${next}`);
      }),
    asked: (words) => words.forEach((word) => features.add(`?${word}`)),
    flag: (name) => features.add(name),
  });
  return [...features];
}
