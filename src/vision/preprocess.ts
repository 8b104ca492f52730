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
/** Longest side read (the recogniser's PNG reader refuses a million rows; no screen is this tall). */
export const MAX_SIDE = 32_767;
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

/**
 * The factor a screenshot of this size is scaled by: narrow ones up, wide ones down, and never to
 * more than `maxPixels` or MAX_SIDE (a narrow strip must not be blown up to hundreds of megapixels).
 */
export function scaleFor(width: number, height: number, maxPixels: number): number {
  const wanted = width < MIN_WIDTH ? Math.min(MAX_UPSCALE, Math.ceil(UPSCALE_TO / width)) : width > MAX_WIDTH ? MAX_WIDTH / width : 1;
  return Math.min(wanted, Math.sqrt(maxPixels / (width * height)), MAX_SIDE / Math.max(width, height));
}

/**
 * Turns a screenshot into what the recogniser reads best: upright, greyscale, dark text on light,
 * a workable width and full contrast. `maxPixels` refuses decompression bombs before decoding.
 */
export async function prepareForOcr(bytes: Buffer, format: ScreenshotFormat, maxPixels: number): Promise<PreparedImage> {
  try {
    // The header alone gives the size: no pixel limit is needed to read it.
    const metadata = await sharp(bytes).metadata();
    const size = `${metadata.width}×${metadata.height} pixels`;
    if (metadata.width * metadata.height > maxPixels) {
      throw new ScreenshotError('too_large', `That screenshot is ${size}; I can read screenshots up to ${Math.round(maxPixels / 1e6)} megapixels.`);
    }
    if (Math.max(metadata.width, metadata.height) > MAX_SIDE) {
      throw new ScreenshotError('too_large', `That image is ${size}; I can read screenshots up to ${MAX_SIDE.toLocaleString('en')} pixels on a side.`);
    }
    // Phone photos carry their orientation in EXIF: rotate first so the width is the real width.
    const sideways = (metadata.orientation ?? 1) >= 5;
    const width = sideways ? metadata.height : metadata.width;
    const height = sideways ? metadata.width : metadata.height;
    // The size after scaling is decided (and capped) before anything is decoded or resized.
    const scale = scaleFor(width, height, maxPixels);
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).greyscale();
    if (scale !== 1) pipeline = pipeline.resize({ width: Math.max(1, Math.round(width * scale)), kernel: scale > 1 ? 'cubic' : 'lanczos3' });
    // Every pass over the pixels runs in libvips's threads: a large image never blocks the event loop.
    const { data: grey, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: 1 as const } };
    const levels = (await sharp(grey, raw).stats()).channels[0];
    const darkInverted = (levels?.mean ?? 255) < DARK_MEAN;
    // Full contrast: the darkest level becomes 0 and the lightest 255, the other way round on a dark page.
    const min = levels?.min ?? 0;
    const gain = 255 / Math.max(1, (levels?.max ?? 255) - min);
    const [multiply, add] = darkInverted ? [-gain, 255 + min * gain] : [gain, -min * gain];
    // Compression costs time and the buffer only travels to a worker thread.
    const png = await sharp(grey, raw).linear(multiply, add).toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer();
    return { png, width, height, darkInverted };
  } catch (error) {
    if (error instanceof ScreenshotError) throw error;
    throw new ScreenshotError('unreadable', `That ${FORMAT_NAMES[format]} file is damaged or incomplete, so I could not read it.`);
  }
}
