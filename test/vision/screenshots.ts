import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { ROOT } from '../helpers/cli.js';
import { phonePhoto } from './phone-photo.js';

export const ARTIFACTS = join(ROOT, 'test-artifacts', 'vision');

/** How a screenshot reaches updoc: as taken, degraded the way shared screenshots are, or photographed off the screen. */
export const QUALITIES = ['full', 'half-scale', 'jpeg-40', 'cropped', 'dark', 'phone'] as const;
export type Quality = (typeof QUALITIES)[number];

/** A dark theme for pages that have none: light grey text on near black. */
const DARK_CSS = `*, *::before, *::after { background: #1b1b1d !important; color: #c8c8c8 !important; border-color: #444 !important; }`;

/**
 * A 1280×720 screenshot of what Chromium shows for a URL: the server's page, or Chromium's own
 * error page when the response has no body (navigation then fails, and the error page loads).
 */
export async function screenshot(browser: Browser, url: string, options: { dark?: boolean } = {}): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: options.dark ? 'dark' : 'light' });
  try {
    const page = await context.newPage();
    await page.goto(url).catch((error: Error) => {
      if (!error.message.includes('ERR_HTTP_RESPONSE_CODE_FAILURE')) throw error;
    });
    await page.waitForFunction(() => (document.body?.innerText.trim().length ?? 0) > 0);
    if (options.dark) await page.addStyleTag({ content: DARK_CSS });
    return await page.screenshot({ type: 'png' });
  } finally {
    await context.close();
  }
}

/**
 * The screenshot at a quality; dark screenshots are taken dark (see `screenshot`), not made here.
 * `seed` varies how a phone photo is taken from one page to the next.
 */
export async function degrade(png: Buffer, quality: Exclude<Quality, 'dark'>, seed = 0): Promise<Buffer> {
  const image = sharp(png);
  const { width } = await image.metadata();
  switch (quality) {
    case 'full':
      return png;
    case 'half-scale':
      return image.resize({ width: Math.round(width / 2) }).png().toBuffer();
    case 'jpeg-40':
      return image.jpeg({ quality: 40 }).toBuffer();
    case 'cropped':
      // Cut to the page's content, edges tight, as a person crops a browser tab down to the error.
      return image.trim({ threshold: 20 }).png().toBuffer();
    case 'phone':
      return phonePhoto(png, seed);
  }
}

export function saveArtifact(name: string, bytes: Buffer): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const extension = bytes[0] === 0xff ? 'jpg' : 'png';
  const path = join(ARTIFACTS, `${name}.${extension}`);
  writeFileSync(path, bytes);
  return path;
}
