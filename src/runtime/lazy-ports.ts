import type { Diagnoser } from '../core/diagnose.js';
import type { ProberPort, ScreenshotReaderPort } from '../core/ports.js';
import type { Config } from './config.js';
import type { ScreenshotQueue } from '../vision/screenshot-queue.js';
import type { ScreenshotReader } from '../vision/types.js';
import type { ConversationProberOptions } from './prober.js';
import type { ScreenshotReaderOptions } from './vision.js';

/**
 * The prober and the screenshot reader load their modules (and OCR workers) on first use: most
 * turns never need them, and a one-shot `updoc ask` should not pay for loading them.
 */
export function lazyProber(config: Config, diagnoser: Diagnoser, proberOptions: ConversationProberOptions = {}): ProberPort {
  let prober: Promise<ProberPort> | undefined;
  return {
    async probe(url, options) {
      prober ??= import('./prober.js').then(({ startProber }) => startProber(config, diagnoser, proberOptions));
      return (await prober).probe(url, options);
    },
  };
}

export interface LazyReader extends ScreenshotReaderPort {
  close(): Promise<void>;
}

/** The conversation's screenshot reader: OCR behind a bounded, per-person fair queue. */
export function lazyReader(diagnoser: Diagnoser, readerOptions: ScreenshotReaderOptions = {}): LazyReader {
  let reader: Promise<ScreenshotReader> | undefined;
  let queue: Promise<ScreenshotQueue> | undefined;
  return {
    async read(image, options) {
      reader ??= import('./vision.js').then(({ createScreenshotReader }) => createScreenshotReader(diagnoser.kb, readerOptions));
      queue ??= Promise.all([reader, import('../vision/screenshot-queue.js')]).then(([ocr, { ScreenshotQueue }]) => new ScreenshotQueue(ocr));
      return (await queue).read(image, options);
    },
    async close() {
      if (reader) await (await reader).close();
    },
  };
}
