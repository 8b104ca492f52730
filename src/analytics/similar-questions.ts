import { words as STOP_WORDS } from 'natural/lib/natural/util/stopwords.js';
import { stemTokens } from '../core/text/tokens.js';

export interface QuestionGroup {
  /** The wording asked most often in the group (the shortest of equals). */
  text: string;
  count: number;
}

/** Two questions belong together when they share at least this share of their meaningful words. */
const SIMILAR = 0.5;
const STOP_STEMS = new Set(STOP_WORDS.flatMap((word) => stemTokens(word)));

function meaningfulStems(text: string): Set<string> {
  return new Set(stemTokens(text.toLowerCase()).filter((stem) => !STOP_STEMS.has(stem)));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const stem of a) if (b.has(stem)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

interface Group {
  stems: Set<string>;
  count: number;
  wordings: Map<string, { text: string; count: number }>;
}

/**
 * Groups questions that say the same thing in other words: stemmed words without stop words,
 * each question joining the group whose first question it resembles most (Jaccard ≥ 0.5).
 * Largest groups first.
 */
export function groupSimilarQuestions(texts: string[]): QuestionGroup[] {
  const groups: Group[] = [];
  for (const raw of texts) {
    const text = raw.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const key = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const stems = meaningfulStems(text);
    let best: Group | undefined;
    let bestScore = 0;
    for (const group of groups) {
      // A question without a meaningful word only joins the same wording.
      const score = stems.size === 0 ? Number(group.wordings.has(key)) : jaccard(stems, group.stems);
      if (score >= SIMILAR && score > bestScore) [best, bestScore] = [group, score];
    }
    const group = best ?? { stems, count: 0, wordings: new Map() };
    if (!best) groups.push(group);
    group.count += 1;
    const wording = group.wordings.get(key) ?? { text, count: 0 };
    wording.count += 1;
    group.wordings.set(key, wording);
  }
  return groups
    .map((group) => ({ text: representative(group), count: group.count }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
}

function representative(group: Group): string {
  const wordings = [...group.wordings.values()].sort((a, b) => b.count - a.count || a.text.length - b.text.length);
  return wordings[0]?.text ?? '';
}
