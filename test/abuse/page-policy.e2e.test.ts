/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWebAssets } from '../../src/runtime/web.js';
import { launchChromium } from '../helpers/chromium.js';
import { ensureWidgetBuilt } from '../web/helpers/widget-bundle.js';
import { load, openDemoPage, waitForBotMessages } from '../web/helpers/widget-page.js';
import { startTestServer, type TestServer } from '../web/helpers/web-server.js';

/**
 * Finding 11, in a real browser: the demo page's content policy lets the page's own code, the
 * widget, its styles, the chat API and screenshot previews work, and nothing injected beside them.
 */

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  ensureWidgetBuilt();
  server = await startTestServer({ assets: readWebAssets() });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

declare global {
  interface Window {
    __violations?: string[];
    __injected?: boolean;
  }
}

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('the demo page under its content security policy, in Chromium', { timeout: 90_000 }, () => {
  it('runs the page and the widget with no violation, and blocks a script injected into the page', async () => {
    const demo = await openDemoPage(browser, server.url);
    const { page } = demo;
    try {
      // Listening from the first byte of the page on: the widget's loading and styling count too.
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.__violations?.push(`${event.violatedDirective} ${event.blockedURI}`));
      });
      await load(page, `${server.url}/`);
      // The page's own inline script (allowed by its hash) hands the search to the widget.
      await page.locator('#q').fill('what does 502 bad gateway mean');
      await page.locator('#search button').click();
      await waitForBotMessages(page, 2);
      // A screenshot's preview is a blob: image; its upload goes to the chat API on this origin.
      await page.locator('.panel').evaluate((panel, bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'error-page.png', { type: 'image/png' }));
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, Array.from(Buffer.from(ONE_PIXEL_PNG, 'base64')));
      await page.locator('.msg.person img').waitFor();
      expect(await page.evaluate(() => window.__violations)).toEqual([]);

      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
      });
      await page.waitForFunction(() => (window.__violations?.length ?? 0) > 0);
      expect(await page.evaluate(() => window.__injected)).toBeUndefined();
      expect(await page.evaluate(() => window.__violations)).toEqual([expect.stringMatching(/^script-src/)]);
      expect(demo.errors).toEqual([]);
    } finally {
      await demo.context.close();
    }
  });
});
