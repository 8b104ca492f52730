import { createRequire } from 'node:module';
import type Sharp from 'sharp';

// sharp loads native code that takes a quarter of a second: only the first screenshot pays for it.
let sharpModule: typeof Sharp | undefined;
const sharp: typeof Sharp = ((...args: Parameters<typeof Sharp>) => {
  sharpModule ??= createRequire(import.meta.url)('sharp') as typeof Sharp;
  return sharpModule(...args);
}) as typeof Sharp;
import { ScreenshotError, type ScreenshotFormat } from './types.js';

/** Narrower images hold text too small for the recogniser: scale them up towards UPSCALE_TO. */
const MIN_WIDTH = 1000;
const UPSCALE_TO = 1800;
const MAX_UPSCALE = 4;
/** Wider images cost time without helping recognition: scale them down to this width. */
const MAX_WIDTH = 2500;
/** Mean grey level (0-255) below which a page is taken as dark mode and inverted. */
const DARK_MEAN = 110;

export interface PreparedImage {
  /** A greyscale PNG, dark text on a light background, sized for recognition. */
  png: Buffer;
  width: number;
  height: number;
  darkInverted: boolean;
}

const FORMAT_NAMES: Record<ScreenshotFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

function scaleFor(width: number): number {
  if (width < MIN_WIDTH) return Math.min(MAX_UPSCALE, Math.ceil(UPSCALE_TO / width));
  if (width > MAX_WIDTH) return MAX_WIDTH / width;
  return 1;
}

interface Levels {
  mean: number;
  min: number;
  max: number;
}

function levelsOf(pixels: Buffer): Levels {
  let sum = 0;
  let min = 255;
  let max = 0;
  for (let i = 0; i < pixels.length; i += 1) {
    const value = pixels[i]!;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { mean: pixels.length ? sum / pixels.length : 255, min, max };
}

/** Stretches the grey levels to full contrast, inverting a dark page so its text is dark on light. */
function stretch(pixels: Buffer, { min, max }: Levels, invert: boolean): void {
  const range = Math.max(1, max - min);
  for (let i = 0; i < pixels.length; i += 1) {
    const level = Math.round(((pixels[i]! - min) * 255) / range);
    pixels[i] = invert ? 255 - level : level;
  }
}

/**
 * Turns a screenshot into what the recogniser reads best: upright, greyscale, dark text on light,
 * a workable width and full contrast. `maxPixels` refuses decompression bombs before decoding.
 */
export async function prepareForOcr(bytes: Buffer, format: ScreenshotFormat, maxPixels: number): Promise<PreparedImage> {
  try {
    // The header alone gives the size: no pixel limit is needed to read it.
    const metadata = await sharp(bytes).metadata();
    if (metadata.width * metadata.height > maxPixels) {
      throw new ScreenshotError(
        'too_large',
        `That screenshot is ${metadata.width}×${metadata.height} pixels; I can read screenshots up to ${Math.round(maxPixels / 1e6)} megapixels.`,
      );
    }
    // Phone photos carry their orientation in EXIF: rotate first so the width is the real width.
    const sideways = (metadata.orientation ?? 1) >= 5;
    const width = sideways ? metadata.height : metadata.width;
    const height = sideways ? metadata.width : metadata.height;
    const scale = scaleFor(width);
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).greyscale();
    if (scale !== 1) pipeline = pipeline.resize({ width: Math.round(width * scale), kernel: scale > 1 ? 'cubic' : 'lanczos3' });
    const { data: grey, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    const levels = levelsOf(grey);
    const darkInverted = levels.mean < DARK_MEAN;
    stretch(grey, levels, darkInverted);
    // Compression costs time and the buffer only travels to a worker thread.
    const png = await sharp(grey, { raw: { width: info.width, height: info.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
    return { png, width, height, darkInverted };
  } catch (error) {
    if (error instanceof ScreenshotError) throw error;
    throw new ScreenshotError('unreadable', `That ${FORMAT_NAMES[format]} file is damaged or incomplete, so I could not read it.`);
  }
}
