export type ScreenshotFormat = 'png' | 'jpeg' | 'webp';

/** What a screenshot says, as read by OCR. */
export interface ScreenshotReading {
  /** The OCR text after tolerant correction: what evidence extraction reads. */
  text: string;
  /** The OCR text exactly as recognised. */
  rawText: string;
  /** Mean word confidence of the recognition, 0..1. */
  confidence: number;
  /** The image's own size in pixels (before any scaling for recognition). */
  width: number;
  height: number;
  format: ScreenshotFormat;
  /** True when the page was dark (dark mode) and was inverted before recognition. */
  darkInverted: boolean;
}

/** Reads screenshots; every channel passes the bytes it received (a file, an upload, an attachment). */
export interface ScreenshotReader {
  read(image: Buffer, options?: { filename?: string }): Promise<ScreenshotReading>;
  /** Stops the OCR workers; reads in progress finish first. */
  close(): Promise<void>;
}

export type ScreenshotErrorCode = 'unsupported_format' | 'too_large' | 'unreadable' | 'timeout' | 'busy';

/** A screenshot that cannot be read; the message is written for the person who sent it. */
export class ScreenshotError extends Error {
  override readonly name = 'ScreenshotError';

  constructor(
    readonly code: ScreenshotErrorCode,
    message: string,
  ) {
    super(message);
  }
}
