import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { resolveEvidence } from '../core/evidence/resolve.js';
import { SignatureMatcher } from '../core/evidence/signature-matcher.js';
import type { KnowledgeBase } from '../core/knowledge/types.js';
import { readMessage } from '../core/message.js';
import { OcrScreenshotReader, type OcrScreenshotReaderOptions } from '../vision/screenshot-reader.js';
import type { ScreenshotReader } from '../vision/types.js';
import { ocrProductNames, ocrVocabulary } from '../vision/vocabulary.js';

export type ScreenshotReaderOptions = Omit<OcrScreenshotReaderOptions, 'modelDir' | 'vocabulary' | 'products' | 'namesProducer'>;

/** The English LSTM model shipped in @tesseract.js-data/eng (the integer "best" one: small and quick to load). */
function englishModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** Whether a text shows who wrote the page, by this knowledge base's signatures. */
function producerNamer(kb: KnowledgeBase): (text: string) => boolean {
  const matcher = new SignatureMatcher(kb.signatures);
  return (text) => resolveEvidence(readMessage(text, matcher).evidence, kb).vendor !== undefined;
}

/**
 * A screenshot reader whose OCR corrections lean on this knowledge base's words, and that looks
 * twice at a screenshot whose first reading names no producer. Close it when done.
 */
export function createScreenshotReader(kb: KnowledgeBase, options: ScreenshotReaderOptions = {}): ScreenshotReader {
  return new OcrScreenshotReader({ ...options, modelDir: englishModelDir(), vocabulary: ocrVocabulary(kb), products: ocrProductNames(kb), namesProducer: producerNamer(kb) });
}
