/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoBrowser, type DemoBrowser } from '../web/helpers/demo-browser.js';
import { dropScreenshot, load, ONE_PIXEL_PNG, openDemoPage, waitForBotMessages } from '../web/helpers/widget-page.js';

/**
 * Finding 11, in a real browser: the demo page's content policy lets the page's own code, the
 * widget, its styles, the chat API and screenshot previews work, and nothing injected beside them.
 */

let demo: DemoBrowser;
beforeAll(async () => {
  demo = await startDemoBrowser();
}, 120_000);
afterAll(() => demo?.close());

declare global {
  interface Window {
    __violations?: string[];
    __injected?: boolean;
  }
}

describe('the demo page under its content security policy, in Chromium', { timeout: 90_000 }, () => {
  it('runs the page and the widget with no violation, and blocks a script injected into the page', async () => {
    const opened = await openDemoPage(demo.browser, demo.server.url);
    const { page } = opened;
    try {
      // Listening from the first byte of the page on: the widget's loading and styling count too.
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (event) => window.__violations?.push(`${event.violatedDirective} ${event.blockedURI}`));
      });
      await load(page, `${demo.server.url}/`);
      // The page's own inline script (allowed by its hash) hands the search to the widget.
      await page.locator('#q').fill('what does 502 bad gateway mean');
      await page.locator('#search button').click();
      await waitForBotMessages(page, 2);
      // A screenshot's preview is a blob: image; its upload goes to the chat API on this origin.
      await dropScreenshot(page, ONE_PIXEL_PNG);
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
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.context.close();
    }
  });
});
