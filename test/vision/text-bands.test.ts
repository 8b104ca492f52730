import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForOcr } from '../../src/vision/preprocess.js';
import { textBands, type GreyImage } from '../../src/vision/text-bands.js';
import { launchChromium } from '../helpers/chromium.js';
import { HANDMADE_PAGES } from './handmade-pages.js';
import { startPageServer, type PageServer } from './page-server.js';
import { screenshot } from './screenshots.js';

let browser: Browser;
let pages: PageServer;

beforeAll(async () => {
  [browser, pages] = await Promise.all([launchChromium(), startPageServer(HANDMADE_PAGES)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([browser?.close(), pages?.close()]);
});

/** The first look's image of a screenshot Chromium takes of a page. */
async function prepared(url: string, dark = false): Promise<GreyImage> {
  return (await prepareForOcr(await screenshot(browser, url, { dark }), 'png', 40_000_000)).grey;
}

/** How far apart the darkest and the lightest pixel of a row (within `left`..`right`) are. */
function rowRange({ width, pixels }: GreyImage, y: number, left = 0, right = width): number {
  const row = pixels.subarray(y * width + left, y * width + right);
  return Math.max(...row) - Math.min(...row);
}

const PLAIN = 48;
/** Pages whose text is a single line: nowhere to cut. */
const ONE_LINE = new Set(['aws-alb', 'traefik', 'envoy']);

describe('the text bands of a screenshot', () => {
  it.each(HANDMADE_PAGES.filter(({ name }) => ONE_LINE.has(name)).map(({ name }) => name))('%s: one line, one band, margins cropped', async (name) => {
    const grey = await prepared(pages.pageUrl(name));
    const bands = textBands(grey, 2);
    expect(bands).toHaveLength(1);
    expect(bands[0]!.width * bands[0]!.height).toBeLessThan(grey.width * grey.height / 4);
  });

  it.each([...HANDMADE_PAGES.filter(({ name }) => !ONE_LINE.has(name)).map(({ name }) => [name, false] as const), ['nginx', true] as const])(
    '%s (dark: %s): two bands cut between lines, margins cropped, no text left out',
    async (name, dark) => {
      const grey = await prepared(pages.pageUrl(name), dark);
      const bands = textBands(grey, 2);
      expect(bands).toHaveLength(2);
      const [upper, lower] = bands as [(typeof bands)[0], (typeof bands)[0]];
      // One after the other, same columns: together, one crop of the page.
      expect(lower.top).toBe(upper.top + upper.height);
      expect([lower.left, lower.width]).toEqual([upper.left, upper.width]);
      expect(upper.width * (upper.height + lower.height)).toBeLessThan(grey.width * grey.height);
      // The cut runs through plain background, never through a line of text.
      for (const y of [lower.top - 1, lower.top]) expect(rowRange(grey, y)).toBeLessThanOrEqual(PLAIN);
      // Nothing but background above, below, left and right of the crop.
      const bottom = lower.top + lower.height;
      for (let y = 0; y < grey.height; y += 1) {
        if (y < upper.top || y >= bottom) expect(rowRange(grey, y)).toBeLessThanOrEqual(PLAIN);
        else expect(rowRange(grey, y, 0, upper.left) + rowRange(grey, y, upper.left + upper.width)).toBeLessThanOrEqual(2 * PLAIN);
      }
    },
    30_000,
  );

  it('a page cut across by nothing but text lines is split into as many bands as asked', async () => {
    const grey = await prepared(pages.pageUrl('cloudfront'));
    const bands = textBands(grey, 3);
    expect(bands).toHaveLength(3);
    for (const band of bands.slice(1)) expect(rowRange(grey, band.top)).toBeLessThanOrEqual(PLAIN);
  });

  it('a page with a border down its side stays whole: no row is plain background', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="100%" height="100%" fill="#fff"/>
      <rect x="0" y="0" width="16" height="720" fill="#333"/>
      <text x="120" y="120" font-family="DejaVu Sans" font-size="36">502 Bad Gateway</text>
      <text x="120" y="200" font-family="DejaVu Sans" font-size="18">nginx/1.24.0</text></svg>`;
    const { grey } = await prepareForOcr(await sharp(Buffer.from(svg)).png().toBuffer(), 'png', 40_000_000);
    expect(textBands(grey, 2)).toEqual([expect.objectContaining({ left: 0, top: 0, height: 720 })]);
  });

  it('a blank image is one band, all of it', async () => {
    const { grey } = await prepareForOcr(await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#fff' } }).png().toBuffer(), 'png', 40_000_000);
    expect(textBands(grey, 2)).toEqual([{ left: 0, top: 0, width: 1280, height: 720 }]);
  });
});
