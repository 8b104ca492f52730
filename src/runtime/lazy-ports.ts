import type { Diagnoser } from '../core/diagnose.js';
import type { ProberPort, ScreenshotReaderPort } from '../core/ports.js';
import type { Config } from './config.js';

/**
 * The prober and the screenshot reader load their modules (and OCR workers) on first use: most
 * turns never need them, and a one-shot `updoc ask` should not pay for loading them.
 */
export function lazyProber(config: Config, diagnoser: Diagnoser): ProberPort {
  let prober: Promise<ProberPort> | undefined;
  return {
    async probe(url, options) {
      prober ??= import('./prober.js').then(({ startProber }) => startProber(config, diagnoser));
      return (await prober).probe(url, options);
    },
  };
}

export interface LazyReader extends ScreenshotReaderPort {
  close(): Promise<void>;
}

export function lazyReader(diagnoser: Diagnoser): LazyReader {
  let reader: Promise<ScreenshotReaderPort & { close(): Promise<void> }> | undefined;
  return {
    async read(image, options) {
      reader ??= import('./vision.js').then(({ createScreenshotReader }) => createScreenshotReader(diagnoser.kb));
      return (await reader).read(image, options);
    },
    async close() {
      if (reader) await (await reader).close();
    },
  };
}
