import type { Browser } from 'playwright-core';
import { readWebAssets } from '../../../src/runtime/web.js';
import { launchChromium } from '../../helpers/chromium.js';
import { ensureWidgetBuilt } from './widget-bundle.js';
import { startTestServer, type TestServer, type TestServerOptions } from './web-server.js';

export interface DemoBrowser {
  /** The real server with the built demo page and widget. */
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The demo page served for real, and a headless Chromium to open it in. */
export async function startDemoBrowser(options: Omit<TestServerOptions, 'assets'> = {}): Promise<DemoBrowser> {
  ensureWidgetBuilt();
  const server = await startTestServer({ ...options, assets: readWebAssets() });
  const browser = await launchChromium();
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
