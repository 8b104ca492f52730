import { createRequire } from 'node:module';
import type Sharp from 'sharp';

// sharp loads native code that takes a quarter of a second: only the first screenshot pays for it.
let sharpModule: typeof Sharp | undefined;
const sharp: typeof Sharp = ((...args: Parameters<typeof Sharp>) => {
  sharpModule ??= createRequire(import.meta.url)('sharp') as typeof Sharp;
  return sharpModule(...args);
}) as typeof Sharp;
import type { GreyImage, Region } from './text-bands.js';
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
/**
 * The second look, for photos of a screen: text a little larger, the moiré and JPEG speckle
 * smoothed out, and contrast evened out tile by tile so glare and a dim corner stop hiding text.
 */
const SECOND_LOOK_ZOOM = 1.4;
const SECOND_LOOK_MAX_WIDTH = 2400;
const CLAHE_TILE = 64;
const CLAHE_SLOPE = 4;

/** The first look suits screenshots; the second one photos and small, blurred text. */
export type Look = 'first' | 'second';

export interface PreparedImage {
  /** Dark text on a light background, sized for recognition. */
  grey: GreyImage;
  /** The screenshot's own size, upright. */
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

/** The second look's factor: the first one's, zoomed in, within the same limits. */
function secondLookScale(width: number, height: number, maxPixels: number): number {
  const zoomed = Math.min(scaleFor(width, height, maxPixels) * SECOND_LOOK_ZOOM, Math.max(1, SECOND_LOOK_MAX_WIDTH / width));
  return Math.min(zoomed, Math.sqrt(maxPixels / (width * height)), MAX_SIDE / Math.max(width, height));
}

/**
 * Turns a screenshot into what the recogniser reads best: upright, greyscale, dark text on light,
 * a workable width and full contrast (evened out locally on a second look). `maxPixels` refuses
 * decompression bombs before decoding.
 */
export async function prepareForOcr(bytes: Buffer, format: ScreenshotFormat, maxPixels: number, look: Look = 'first'): Promise<PreparedImage> {
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
    const scale = look === 'first' ? scaleFor(width, height, maxPixels) : secondLookScale(width, height, maxPixels);
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate().flatten({ background: '#ffffff' }).greyscale();
    const [scaledWidth, scaledHeight] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
    if (scale !== 1) pipeline = pipeline.resize({ width: scaledWidth, kernel: scale > 1 ? 'cubic' : 'lanczos3' });
    if (look === 'second') {
      // Tiles no larger than half the image: a cropped strip of text is smaller than one tile.
      const tile = (side: number) => Math.max(2, Math.min(CLAHE_TILE, Math.floor(side / 2)));
      pipeline = pipeline.median(3).clahe({ width: tile(scaledWidth), height: tile(scaledHeight), maxSlope: CLAHE_SLOPE });
    }
    // Most passes over the pixels run in libvips's threads; counting levels and finding text bands are quick loops here.
    const { data: grey, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: 1 as const } };
    const { min, max, mean } = levels(grey);
    const darkInverted = mean < DARK_MEAN;
    // Full contrast: the darkest level becomes 0 and the lightest 255, the other way round on a dark page.
    const gain = 255 / Math.max(1, max - min);
    const [multiply, add] = darkInverted ? [-gain, 255 + min * gain] : [gain, -min * gain];
    let stretched = sharp(grey, raw).linear(multiply, add);
    if (look === 'second') stretched = stretched.sharpen({ sigma: 1 });
    const pixels = await stretched.toColourspace('b-w').raw({ depth: 'uchar' }).toBuffer();
    return { grey: { width: info.width, height: info.height, pixels }, width, height, darkInverted };
  } catch (error) {
    if (error instanceof ScreenshotError) throw error;
    throw new ScreenshotError('unreadable', `That ${FORMAT_NAMES[format]} file is damaged or incomplete, so I could not read it.`);
  }
}

/**
 * The darkest, lightest and mean grey level. A loop over the bytes (a millisecond per screenshot)
 * rather than sharp's stats(), which computes much more and took longer than decoding the image.
 */
function levels(pixels: Uint8Array): { min: number; max: number; mean: number } {
  let [min, max, sum] = [255, 0, 0];
  for (const level of pixels) {
    if (level < min) min = level;
    if (level > max) max = level;
    sum += level;
  }
  return { min, max, mean: pixels.length > 0 ? sum / pixels.length : 255 };
}

/** A region of a greyscale image as PGM, the recogniser's own format that needs no decoding. */
export function toPgm({ width, pixels }: GreyImage, region: Region): Buffer {
  const header = Buffer.from(`P5\n${region.width} ${region.height}\n255\n`, 'latin1');
  const body = Buffer.allocUnsafe(region.width * region.height);
  for (let y = 0; y < region.height; y += 1) {
    const start = (region.top + y) * width + region.left;
    body.set(pixels.subarray(start, start + region.width), y * region.width);
  }
  return Buffer.concat([header, body]);
}
