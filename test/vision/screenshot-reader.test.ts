import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { createScreenshotReader } from '../../src/runtime/vision.js';
import { ScreenshotError, type ScreenshotReader } from '../../src/vision/types.js';
import { blankPng, drawnPage, gif, noisePng, truncatedPng } from './images.js';

let diagnoser: Diagnoser;
let reader: ScreenshotReader;

beforeAll(() => {
  diagnoser = loadDiagnoser();
  reader = createScreenshotReader(diagnoser.kb, { workers: 2 });
});

afterAll(async () => {
  await reader.close();
});

async function refusal(image: Buffer | Promise<Buffer>, filename?: string, from = reader): Promise<ScreenshotError> {
  const error = await from.read(await image, filename ? { filename } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScreenshotError);
  return error as ScreenshotError;
}

describe('reading a screenshot', () => {
  it.each([
    ['png', () => drawnPage().png().toBuffer()],
    ['jpeg', () => drawnPage().jpeg({ quality: 80 }).toBuffer()],
    ['webp', () => drawnPage().webp({ quality: 80 }).toBuffer()],
  ] as const)('reads a %s and reports what it read', async (format, encode) => {
    const reading = await reader.read(await encode());
    expect(reading).toMatchObject({ format, width: 1280, height: 720, darkInverted: false });
    expect(reading.rawText).toMatch(/502 Bad Gateway/);
    expect(reading.confidence).toBeGreaterThan(0.5);
    expect(reading.confidence).toBeLessThanOrEqual(1);
    expect(diagnoser.analyze(reading.text).diagnosis.vendor).toBe('nginx');
  }, 60_000);

  it('reads several screenshots at once with a small pool', async () => {
    const images = await Promise.all(['Bad Gateway', 'Gateway Time-out', 'Bad Gateway'].map((heading) => drawnPage(`502 ${heading}`).png().toBuffer()));
    const readings = await Promise.all(images.map((image) => reader.read(image)));
    expect(readings.map((r) => r.text.split('\n')[0])).toEqual(['502 Bad Gateway', '502 Gateway Time-out', '502 Bad Gateway']);
  }, 60_000);
});

describe('a file that is not a readable screenshot', () => {
  it('a GIF is refused, saying what it is and what can be read', async () => {
    const error = await refusal(gif());
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toBe('That file is a GIF; I can read PNG, JPEG and WebP screenshots.');
  });

  it('a text file named .png is refused by its content, not its name', async () => {
    const error = await refusal(Buffer.from('502 Bad Gateway\n'), 'screenshot.png');
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toBe('"screenshot.png" is not an image I know; I can read PNG, JPEG and WebP screenshots.');
  });

  it('an empty file is refused', async () => {
    expect((await refusal(Buffer.alloc(0))).code).toBe('unsupported_format');
  });

  it('a file over the default 10 MB is refused before it is decoded', async () => {
    const error = await refusal(noisePng(2000, 1900));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('That screenshot is 11 MB; I can read screenshots up to 10 MB.');
  }, 60_000);

  it('the size cap is configurable', async () => {
    const small = createScreenshotReader(diagnoser.kb, { maxBytes: 1024 });
    try {
      const error = await refusal(drawnPage().png().toBuffer(), undefined, small);
      expect(error.code).toBe('too_large');
      expect(error.message).toMatch(/^That screenshot is \d+ KB; I can read screenshots up to 1 KB\.$/);
    } finally {
      await small.close();
    }
  });

  it('a small file that unpacks to a giant image is refused', async () => {
    const error = await refusal(blankPng(10_000, 10_000));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/10000×10000 pixels/);
  }, 60_000);

  it('a corrupt PNG is refused as damaged', async () => {
    const error = await refusal(truncatedPng());
    expect(error.code).toBe('unreadable');
    expect(error.message).toBe('That PNG file is damaged or incomplete, so I could not read it.');
  });

  it('a recognition that takes too long is stopped with a timeout, and the reader closes cleanly', async () => {
    const impatient = createScreenshotReader(diagnoser.kb, { timeoutMs: 1 });
    const error = await refusal(drawnPage().png().toBuffer(), undefined, impatient);
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/took longer than/);
    await impatient.close();
    await expect(impatient.read(await drawnPage().png().toBuffer())).rejects.toThrow(/closed/);
  }, 60_000);
});
