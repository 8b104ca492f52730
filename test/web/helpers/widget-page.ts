/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface WidgetPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to make anywhere but the reachable origins (all refused). */
  outside: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** Lets a test inject its own tools (axe-core) into a page whose content policy allows only its own scripts. */
  bypassCSP?: boolean;
}

/** A fresh browser profile on the demo help page, with the widget loaded; only the test server is reachable. */
export function openDemoPage(browser: Browser, serverUrl: string, options: PageOptions = {}): Promise<WidgetPage> {
  return openWidgetPage(browser, `${serverUrl}/`, [serverUrl], options);
}

/** A fresh browser profile on a page that embeds the widget; only the `reachable` origins answer. */
export async function openWidgetPage(browser: Browser, url: string, reachable: string[], options: PageOptions = {}): Promise<WidgetPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    bypassCSP: options.bypassCSP ?? false,
  });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const request = route.request().url();
    if (reachable.some((origin) => request.startsWith(`${origin}/`))) return route.continue();
    outside.push(request);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await load(page, url);
  return { context, page, outside, errors };
}

/** Opens (or reloads) a page and waits for the widget's script to have run. */
export async function load(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.updoc !== undefined);
}

/** The element focused inside the widget's shadow root, described as "tag.class#id", or null. */
export function focusedInWidget(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const shadow = document.querySelector('updoc-widget')?.shadowRoot;
    const active = document.activeElement?.tagName === 'UPDOC-WIDGET' ? shadow?.activeElement : null;
    if (!active) return null;
    return [active.tagName.toLowerCase(), ...Array.from(active.classList)].join('.') + (active.id ? `#${active.id}` : '');
  });
}

/** Waits until the transcript holds `count` messages from the bot (the greeting counts). */
export async function waitForBotMessages(page: Page, count: number): Promise<void> {
  await page.locator('.msg.bot').nth(count - 1).waitFor();
}

/** A PNG of one pixel: a screenshot the widget shows and sends, and the reader finds nothing in. */
export const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Drops a PNG file on the open widget's panel, as a person dragging a screenshot in would. */
export async function dropScreenshot(page: Page, png: Buffer): Promise<void> {
  await page.locator('.panel').evaluate((panel, bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'error-page.png', { type: 'image/png' }));
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, Array.from(png));
}

/** The transcript's messages, as text. */
export function transcriptTexts(page: Page): Promise<string[]> {
  return page.locator('.msg').allTextContents();
}

declare global {
  interface Window {
    updoc?: unknown;
    __xss?: unknown;
    axe?: { run(context: unknown, options: unknown): Promise<AxeResults> };
  }
}

export interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown; failureSummary?: string }[] }[];
}
