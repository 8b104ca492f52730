import type { Analysis } from '../diagnose.js';
import type { ScreenshotText } from '../ports.js';

/** A reading with fewer words than this (of three letters or more) is a guess at shapes, not text. */
const MIN_WORDS = 2;
/** Below this mean word confidence OCR was mostly guessing: a blurred or slanted photo. */
const MIN_CONFIDENCE = 0.5;
/** How much of what was read the reply quotes back. */
const QUOTED_CHARS = 140;

/**
 * What a screenshot's reading amounts to when it is too little to answer from: the words made
 * out, to quote back; undefined when the reading is enough. A reading with evidence is always
 * enough, however poorly read; so is a clear one that names nothing ("502 Bad Gateway" alone, a
 * page that is not an error), which is answered as what it says.
 */
export function illegibleReading(reading: ScreenshotText, analysis: Analysis): string | undefined {
  if (analysis.evidence.hits.length > 0) return undefined;
  const words = reading.text.match(/\p{L}{3,}/gu) ?? [];
  if (words.length >= MIN_WORDS && (reading.confidence ?? 1) >= MIN_CONFIDENCE) return undefined;
  const read = reading.text.replace(/\s+/g, ' ').trim();
  return read.length > QUOTED_CHARS ? `${read.slice(0, QUOTED_CHARS - 1)}…` : read;
}
