/** Small helpers for cutting article markdown into chat-sized pieces. */
import { keptReading } from './kept-reading.js';

/** The first `count` sentences of a paragraph-style section of the knowledge (lists and code kept out). */
export function firstSentences(markdown: string, count: number): string {
  return proseSentences(markdown).slice(0, count).join(' ').trim();
}

const proseSentences = keptReading((markdown: string): readonly string[] => {
  const lines: string[] = [];
  let inCode = false;
  let inList = false;
  for (const line of markdown.split('\n')) {
    if (line.trimStart().startsWith('```')) inCode = !inCode;
    else if (/^\s*(?:[-*]|\d+[.)])\s/.test(line)) inList = true;
    else if (line.trim() === '') inList = false;
    else if (!inCode && !(inList && /^\s/.test(line))) {
      inList = false;
      // A line that introduces a list ("…in a few cases:") means nothing without the list.
      if (!/:\s*$/.test(line)) lines.push(line);
    }
  }
  const prose = lines.join(' ').replace(/\s+/g, ' ').trim();
  return Object.freeze(splitSentences(prose));
});

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|cf|no)|\b[A-Z])\.$/i;

function splitSentences(prose: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const end of prose.matchAll(/[.!?]+(?=\s+\S|$)/g)) {
    const stop = end.index + end[0].length;
    const candidate = prose.slice(start, stop);
    if (end[0] === '.' && ABBREVIATION.test(candidate) && stop < prose.length) continue;
    sentences.push(candidate.trim());
    start = stop;
  }
  const rest = prose.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/**
 * List items ("- x", "1. x") of a section of the knowledge, without their markers; continuation
 * lines and nested items are joined to the item they belong to.
 */
export const listItems = keptReading((markdown: string): readonly string[] => {
  const items: string[] = [];
  let inCode = false;
  let indent = -1;
  for (const line of markdown.split('\n')) {
    if (line.trimStart().startsWith('```')) inCode = !inCode;
    const item = /^(\s*)(?:[-*]|\d+[.)])\s+(.*)$/.exec(line);
    const depth = item?.[1]?.length ?? 0;
    if (item && !inCode && (indent < 0 || depth <= indent)) {
      indent = depth;
      items.push(item[2] ?? '');
    } else if (item && !inCode && items.length > 0) {
      items[items.length - 1] += ` ${item[2] ?? ''}`;
    } else if (items.length > 0 && line.trim() && !inCode && /^\s{2,}\S/.test(line)) {
      items[items.length - 1] += ` ${line.trim()}`;
    }
  }
  return Object.freeze(items.filter(Boolean));
});

export function numbered(items: readonly string[]): string {
  return items.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

export function bulleted(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** Inline code that cannot be broken by backticks inside the quoted text. */
export function inlineCode(text: string): string {
  const clean = text.replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return `\`${clean}\``;
}
