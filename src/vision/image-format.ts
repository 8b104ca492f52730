import { ScreenshotError, type ScreenshotFormat } from './types.js';

const READABLE = 'I can read PNG, JPEG and WebP screenshots';

const startsWith = (bytes: Buffer, signature: string | number[], offset = 0): boolean => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
};

/** The formats people send that updoc cannot read, named so the refusal says what the file is. */
function otherFormat(bytes: Buffer): string | undefined {
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'a GIF';
  if (startsWith(bytes, 'BM')) return 'a BMP image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  if (startsWith(bytes, '%PDF')) return 'a PDF';
  if (startsWith(bytes, 'ftyp', 4)) {
    const brand = bytes.subarray(8, 12).toString('latin1');
    if (/^(?:heic|heix|hevc|heim|heis|mif1|msf1)$/.test(brand)) return 'a HEIC photo (the iPhone format)';
    if (/^avi[fs]$/.test(brand)) return 'an AVIF image';
  }
  const head = bytes.subarray(0, 256).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'an SVG drawing';
  return undefined;
}

/** The screenshot's format, read from its first bytes (never from its name). */
export function detectFormat(bytes: Buffer, filename?: string): ScreenshotFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  const subject = filename ? `"${filename}"` : 'That file';
  if (bytes.length === 0) throw new ScreenshotError('unsupported_format', `${subject} is empty; ${READABLE}.`);
  const other = otherFormat(bytes);
  const what = other ? `is ${other}` : 'is not an image I know';
  throw new ScreenshotError('unsupported_format', `${subject} ${what}; ${READABLE}.`);
}
