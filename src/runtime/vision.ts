import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { KnowledgeBase } from '../core/knowledge/types.js';
import { OcrScreenshotReader, type OcrScreenshotReaderOptions } from '../vision/screenshot-reader.js';
import type { ScreenshotReader } from '../vision/types.js';
import { ocrVocabulary } from '../vision/vocabulary.js';

export type ScreenshotReaderOptions = Omit<OcrScreenshotReaderOptions, 'modelDir' | 'vocabulary'>;

/** The English LSTM model shipped in @tesseract.js-data/eng (the integer "best" one: small and quick to load). */
function englishModelDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** A screenshot reader whose OCR corrections lean on this knowledge base's words. Close it when done. */
export function createScreenshotReader(kb: KnowledgeBase, options: ScreenshotReaderOptions = {}): ScreenshotReader {
  return new OcrScreenshotReader({ ...options, modelDir: englishModelDir(), vocabulary: ocrVocabulary(kb) });
}
