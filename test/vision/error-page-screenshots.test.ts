import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { createScreenshotReader } from '../../src/runtime/vision.js';
import type { ScreenshotReader } from '../../src/vision/types.js';
import { launchChromium } from '../helpers/chromium.js';
import { HANDMADE_PAGES } from './handmade-pages.js';
import { startPageServer, type PageServer } from './page-server.js';
import { ensureRig, RIG_PROXIES, type RigProxy } from './rig.js';
import { ARTIFACTS, degrade, QUALITIES, saveArtifact, screenshot, type Quality } from './screenshots.js';

interface PageCase {
  name: string;
  /** The taxonomy vendor the screenshot must be read as. */
  vendor: string;
  url: () => string;
  /** Words the reading must contain, beyond the vendor. */
  shows?: RegExp;
  /** Served by this proxy of the shared rig. */
  proxy?: RigProxy;
}

let pages: PageServer;
let reader: ScreenshotReader;
let diagnoser: Diagnoser;
/** What each screenshot was read as, written to test-artifacts/vision/readings.json for people to look at. */
const readings: Record<string, { vendor: string; confidence: number; darkInverted: boolean; text: string }> = {};

const rig = (proxy: RigProxy, path: string) => ({ url: () => `http://127.0.0.1:${RIG_PROXIES[proxy]}/${path}`, proxy });

const CASES: PageCase[] = [
  ...HANDMADE_PAGES.map((page) => ({ name: page.name, vendor: page.vendor, url: () => pages.pageUrl(page.name) })),
  { name: 'chrome-empty-502', vendor: 'unknown', url: () => pages.emptyBadGatewayUrl, shows: /HTTP ERROR 502/ },
  { name: 'rig-nginx-refused', vendor: 'nginx', ...rig('nginx', 'refused'), shows: /502 Bad Gateway/i },
  { name: 'rig-apache-reset', vendor: 'apache', ...rig('apache', 'reset'), shows: /Proxy Error/i },
  { name: 'rig-haproxy-reset', vendor: 'haproxy', ...rig('haproxy', 'reset'), shows: /invalid or incomplete response/i },
  { name: 'rig-varnish-refused', vendor: 'varnish', ...rig('varnish', 'refused'), shows: /Backend fetch failed/i },
  // Caddy answers a failed upstream with an empty 502: Chromium shows its own page, which names no producer.
  { name: 'rig-caddy-refused', vendor: 'unknown', ...rig('caddy', 'refused'), shows: /HTTP ERROR 502/ },
];

/** One light and one dark screenshot per page, shared by that page's qualities. */
const shots = new Map<string, { light: Buffer; dark: Buffer }>();

async function takeScreenshots(browser: Browser, cases: PageCase[]): Promise<void> {
  for (const page of cases) {
    shots.set(page.name, { light: await screenshot(browser, page.url()), dark: await screenshot(browser, page.url(), { dark: true }) });
  }
}

/**
 * The rig's ports are shared with suites that start and stop it as they run: hold it only while
 * the screenshots are taken, and take them again if it went away in between.
 */
async function takeRigScreenshots(browser: Browser, cases: PageCase[], attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const stopRig = await ensureRig(cases.map((page) => page.proxy!));
    try {
      return await takeScreenshots(browser, cases);
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('ERR_CONNECTION_REFUSED')) throw error;
    } finally {
      await stopRig();
    }
  }
}

async function imageAt(page: PageCase, quality: Quality): Promise<Buffer> {
  const { light, dark } = shots.get(page.name)!;
  return quality === 'dark' ? dark : degrade(light, quality);
}

beforeAll(async () => {
  const browser = await launchChromium();
  pages = await startPageServer(HANDMADE_PAGES);
  try {
    await takeScreenshots(browser, CASES.filter((page) => !page.proxy));
    await takeRigScreenshots(browser, CASES.filter((page) => page.proxy));
  } finally {
    await browser.close();
    await pages.close();
  }
  diagnoser = loadDiagnoser();
  reader = createScreenshotReader(diagnoser.kb);
}, 600_000);

afterAll(async () => {
  await reader?.close();
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'readings.json'), `${JSON.stringify(readings, null, 2)}\n`);
});

describe.each(CASES)('a screenshot of $name', (page) => {
  it.each(QUALITIES)('at %s quality is read as the right vendor', async (quality) => {
    const image = await imageAt(page, quality);
    saveArtifact(`${page.name}-${quality}`, image);

    const reading = await reader.read(image, { filename: `${page.name}-${quality}` });
    const { diagnosis } = diagnoser.analyze(reading.text);
    readings[`${page.name} ${quality}`] = { vendor: diagnosis.vendor, confidence: reading.confidence, darkInverted: reading.darkInverted, text: reading.text };

    expect(diagnosis.vendor, reading.text).toBe(page.vendor);
    if (page.shows) expect(reading.text).toMatch(page.shows);
    expect(reading.darkInverted).toBe(quality === 'dark');
  }, 60_000);
});
