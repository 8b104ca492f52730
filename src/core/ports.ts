/**
 * What the core needs from the outside world, as the core sees it. The live probe (src/probe/)
 * and the screenshot reader (src/vision/) implement these; tests may pass local implementations.
 */

export interface ScreenshotText {
  /** The page's words as read (and OCR-corrected): read by the same evidence extraction as text. */
  text: string;
}

export interface ScreenshotReaderPort {
  read(image: Buffer, options?: { filename?: string }): Promise<ScreenshotText>;
}

/** A screenshot that cannot be read, with a message for the person ("That file is a GIF…"). */
export interface ReadableError {
  message: string;
  code?: string;
}

export interface ProbeStep {
  step: string;
  ok: boolean;
  detail: string;
}

/** The parts of a live probe's report the conversation reads; the whole report travels in the reply. */
export interface ProbeFindings {
  url: string;
  verdict: string;
  status: number | null;
  vendor: string;
  cause: string;
  summary: string;
}

export interface ProberPort {
  probe(url: string, options?: { onProgress?: (step: ProbeStep) => void; requester?: string }): Promise<ProbeFindings>;
}
