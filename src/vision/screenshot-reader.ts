import { availableParallelism } from 'node:os';
import { detectFormat } from './image-format.js';
import { OcrCorrector } from './ocr-correction.js';
import { OcrPool, OcrTimeoutError, type OcrResult } from './ocr-pool.js';
import { prepareForOcr, toPgm, type Look, type PreparedImage } from './preprocess.js';
import { textBands } from './text-bands.js';
import { ScreenshotError, type ScreenshotFormat, type ScreenshotReader, type ScreenshotReading } from './types.js';

export const DEFAULT_MAX_SCREENSHOT_BYTES = 10 * 1024 * 1024;
/** A 4K full-page capture is about 33 megapixels; beyond this an image is a decompression bomb, not a screenshot. */
const DEFAULT_MAX_PIXELS = 40_000_000;
const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * A reading that names no producer gets a second look when it holds fewer words than this (of
 * three letters or more), or was read less surely: a photo's big heading read, its footer not.
 */
const FEW_WORDS = 8;
const SURE = 0.8;
/** A second look needs about this long; with less of the reading's time left, the first reading stands. */
const MIN_SECOND_LOOK_MS = 1_000;

export interface OcrScreenshotReaderOptions {
  /** Folder with eng.traineddata.gz: the model is read from disk, never downloaded. */
  modelDir: string;
  /** Phrases OCR text is corrected towards (see ocrVocabulary). */
  vocabulary: Iterable<string>;
  /** The product names among them: what a word right before a version is read as. */
  products?: Iterable<string>;
  maxBytes?: number;
  maxPixels?: number;
  /** Longest the reading of one image may take, a second look included. */
  timeoutMs?: number;
  /**
   * OCR workers kept warm; each holds its own copy of the model (about 30 MB). A screenshot's text
   * is read in as many bands side by side; by default one per core, up to two.
   */
  workers?: number;
  /** Whether a reading shows who wrote the page (the knowledge base's signatures): then one look is enough. */
  namesProducer?: (text: string) => boolean;
}

interface Seen {
  prepared: PreparedImage;
  rawText: string;
  text: string;
  confidence: number;
  named: boolean;
  words: number;
}

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes < MB ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`);

/** The error for a file over the size cap, for callers that check a file's size before reading it. */
export function tooLargeError(bytes: number, maxBytes: number): ScreenshotError {
  return new ScreenshotError('too_large', `That screenshot is ${size(bytes)}; I can read screenshots up to ${size(maxBytes)}.`);
}

/**
 * Screenshot in, text out: format and size checks, pre-processing, OCR, tolerant correction, and a
 * second look (zoomed, smoothed, contrast evened out, deskewed) at a reading that tells too little.
 */
export class OcrScreenshotReader implements ScreenshotReader {
  readonly maxBytes: number;
  /** The OCR workers, and so the bands a screenshot's text is read in. */
  readonly workers: number;
  private readonly maxPixels: number;
  private readonly timeoutMs: number;
  private readonly pool: OcrPool;
  private readonly corrector: OcrCorrector;
  private readonly namesProducer: (text: string) => boolean;

  constructor(options: OcrScreenshotReaderOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_SCREENSHOT_BYTES;
    this.maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.workers = options.workers ?? Math.min(2, availableParallelism());
    this.pool = new OcrPool({ modelDir: options.modelDir, size: this.workers, timeoutMs: this.timeoutMs });
    this.corrector = new OcrCorrector(options.vocabulary, options.products);
    this.namesProducer = options.namesProducer ?? (() => false);
  }

  async read(image: Buffer, options: { filename?: string } = {}): Promise<ScreenshotReading> {
    if (image.length > this.maxBytes) throw tooLargeError(image.length, this.maxBytes);
    const format = detectFormat(image, options.filename);
    const started = Date.now();
    let seen = await this.look(image, format, 'first', this.timeoutMs);
    // The second look gets what is left of the reading's time; when it runs out, the first reading stands.
    const left = this.timeoutMs - (Date.now() - started);
    if (!seen.named && (seen.words < FEW_WORDS || seen.confidence < SURE) && left >= MIN_SECOND_LOOK_MS) {
      const second = await this.look(image, format, 'second', left).catch((error: unknown) => {
        if (error instanceof ScreenshotError && error.code === 'timeout') return undefined;
        throw error;
      });
      if (second && (second.named || second.words * second.confidence > seen.words * seen.confidence)) seen = second;
    }
    const { prepared, text, rawText, confidence } = seen;
    return { text, rawText, confidence: Math.round(confidence * 1000) / 1000, width: prepared.width, height: prepared.height, format, darkInverted: prepared.darkInverted };
  }

  private async look(image: Buffer, format: ScreenshotFormat, look: Look, timeoutMs: number): Promise<Seen> {
    const prepared = await prepareForOcr(image, format, this.maxPixels, look);
    const { grey } = prepared;
    // The second look deskews, which takes the whole image.
    const regions = look === 'first' ? textBands(grey, this.workers) : [{ left: 0, top: 0, width: grey.width, height: grey.height }];
    const recognised = await this.recognize(regions.map((region) => toPgm(grey, region)), look === 'second', timeoutMs);
    const rawText = recognised.text.trim();
    const text = this.corrector.correct(rawText);
    const words = text.match(/\p{L}{3,}/gu)?.length ?? 0;
    return { prepared, rawText, text, confidence: recognised.confidence, named: this.namesProducer(text), words };
  }

  /** Reads the images side by side: their texts in order, and their confidence weighted by words. */
  private async recognize(images: Buffer[], deskew: boolean, timeoutMs: number): Promise<OcrResult> {
    try {
      const results = await Promise.all(images.map((image) => this.pool.recognize(image, { deskew, timeoutMs })));
      if (results.length === 1) return results[0]!;
      const weights = results.map(({ text }) => Math.max(1, text.split(/\s+/).filter(Boolean).length));
      const confidence = results.reduce((sum, { confidence }, i) => sum + confidence * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
      return { text: results.map(({ text }) => text.trim()).join('\n'), confidence };
    } catch (error) {
      if (!(error instanceof OcrTimeoutError)) throw error;
      throw new ScreenshotError(
        'timeout',
        `Reading that screenshot took longer than ${Math.round(this.timeoutMs / 1000)} seconds; a screenshot cropped to the error, or the page's text, would help.`,
      );
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
