import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio } from '../../src/channels/web/widget/contrast.js';
import type { ProbeFindings, ProbeStep, ProberPort } from '../../src/core/ports.js';
import { startDemoBrowser, type DemoBrowser } from './helpers/demo-browser.js';
import { dropScreenshot, focusedInWidget, load, ONE_PIXEL_PNG, openDemoPage, openWidgetPage, transcriptTexts, waitForBotMessages, type WidgetPage } from './helpers/widget-page.js';

const LOG_LINE = 'connect() failed (111: Connection refused) while connecting to upstream, nginx php-fpm';
const PASTE = Array.from({ length: 25 }, (_, i) => `2024/05/01 10:00:${String(i).padStart(2, '0')} [error] 1234#0: *${i} ${LOG_LINE}, client: 10.0.0.${i}`).join('\n');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

/** A live check that finds the server, then waits on the page long enough to be watched, then sees a 502. */
class SlowSite implements ProberPort {
  async probe(url: string, options: { onProgress?: (step: ProbeStep) => void } = {}): Promise<ProbeFindings> {
    options.onProgress?.({ step: 'dns', ok: true, detail: 'shop.example.com → 203.0.113.7' });
    options.onProgress?.({ step: 'connect', ok: true, detail: '203.0.113.7:443' });
    options.onProgress?.({ step: 'tls', ok: true, detail: 'TLSv1.3' });
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    options.onProgress?.({ step: 'http', ok: false, detail: 'HTTP 502 from nginx' });
    return { url, verdict: 'gateway_error', status: 502, vendor: 'nginx', cause: 'unknown', dns: 'resolved', pattern: 'steady', error: null, summary: 'it answers **502 Bad Gateway** from nginx.' };
  }
}

let demo: DemoBrowser | undefined;
const opened: WidgetPage[] = [];
beforeAll(async () => {
  demo = await startDemoBrowser({ prober: new SlowSite() });
}, 120_000);
afterAll(() => demo?.close());
afterEach(async () => {
  for (const page of opened.splice(0)) {
    expect(page.errors, 'uncaught errors in the page').toEqual([]);
    await page.context.close();
  }
});

async function widgetPage(viewport: { width: number; height: number }): Promise<Page> {
  if (!demo) throw new Error('no browser');
  const page = await openDemoPage(demo.browser, demo.server.url, { viewport });
  opened.push(page);
  await page.page.locator('.launcher').click();
  await waitForBotMessages(page.page, 1);
  return page.page;
}

/** Whether an element of the widget is wholly within the conversation's visible area and the window. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const shadow = document.querySelector('updoc-widget')?.shadowRoot;
    const element = Array.from(shadow?.querySelectorAll(css) ?? []).at(-1);
    const log = shadow?.querySelector('.log');
    if (!element || !log) return false;
    const box = element.getBoundingClientRect();
    const area = log.getBoundingClientRect();
    return box.height > 0 && box.top >= area.top - 1 && box.bottom <= area.bottom + 1 && box.bottom <= window.innerHeight;
  }, selector);
}

async function typeAndSend(page: Page, text: string): Promise<void> {
  await page.locator('textarea').fill(text);
  await page.locator('textarea').press('Enter');
}

async function axeViolations(page: Page): Promise<unknown[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() => window.axe!.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, why: n.failureSummary })) }));
}

for (const [size, viewport] of Object.entries(SIZES)) {
  describe(`the widget on a ${size} (${viewport.width}×${viewport.height}), in Chromium`, { timeout: 90_000 }, () => {
    it('keeps the newest output in view after a 25-line paste: the typing dots, then the offline notice', async () => {
      const page = await widgetPage(viewport);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/chat/stream', async (route) => {
        await held;
        await route.abort('internetdisconnected');
      });
      await typeAndSend(page, PASTE);
      await page.locator('.status .dots').waitFor();
      expect(await inView(page, '.status'), 'the typing dots are in view').toBe(true);
      release();
      await page.locator('.notice').waitFor();
      expect(await page.locator('.notice').textContent()).toMatch(/can’t reach the support server/);
      expect(await inView(page, '.notice'), 'the offline notice is in view').toBe(true);
      expect(await inView(page, '.unsent'), 'the way to send it again is in view').toBe(true);
    });

    it('keeps a message that could not be sent in the box, marked "Not sent", and sends it with Retry', async () => {
      const page = await widgetPage(viewport);
      await page.route('**/api/chat/stream', (route) => route.abort('connectionrefused'), { times: 1 });
      await typeAndSend(page, LOG_LINE);
      await page.locator('.unsent').waitFor();
      expect(await page.locator('textarea').inputValue(), 'the text is back in the box').toBe(LOG_LINE);
      expect(await page.locator('.msg.person.failed').count()).toBe(1);

      await page.locator('.unsent .retry').click();
      await waitForBotMessages(page, 2);
      expect(await page.locator('textarea').inputValue()).toBe('');
      expect(await page.locator('.msg.person.failed').count()).toBe(0);
      expect((await transcriptTexts(page)).filter((t) => t.includes(LOG_LINE))).toHaveLength(1);
    });

    it('shows a live check as a short checklist in plain words, its clock moving while it waits', async () => {
      const page = await widgetPage(viewport);
      await typeAndSend(page, 'is https://shop.example.com down? it shows 502');
      const running = page.locator('.checklist li.running');
      await running.waitFor();
      expect(await page.locator('.checklist p').textContent()).toBe('Checking shop.example.com');
      expect(await page.locator('.checklist li.done').allTextContents()).toEqual(["✓Done: Find the site's server", '✓Done: Reach the server', '✓Done: Open a secure connection']);
      expect(await running.textContent()).toMatch(/^In progress: Ask for the page/);
      expect(await inView(page, '.checklist')).toBe(true);
      await page.waitForFunction(() => /\d+ s/.test(document.querySelector('updoc-widget')?.shadowRoot?.querySelector('.elapsed')?.textContent ?? ''));
      const before = await page.locator('.elapsed').textContent();
      await page.waitForFunction((shown) => document.querySelector('updoc-widget')?.shadowRoot?.querySelector('.elapsed')?.textContent !== shown, before, { timeout: 5_000 });
      expect(await page.locator('.elapsed').textContent(), 'the clock moves').toMatch(/^ · \d+ s$/);
      await waitForBotMessages(page, 2);
      expect(await page.locator('.checklist').count()).toBe(0);
    });

    it('wraps inline code between its tokens, never inside one', async () => {
      const page = await widgetPage(viewport);
      await typeAndSend(page, LOG_LINE);
      await waitForBotMessages(page, 2);
      const tokens = await page.locator('.msg.bot code .tok').evaluateAll((spans) => spans.map((s) => ({ text: s.textContent, lines: s.getClientRects().length })));
      expect(tokens.length).toBeGreaterThan(2);
      expect(tokens.filter((t) => t.lines !== 1)).toEqual([]);
    });

    it('restores a screenshot as a thumbnail after a reload', async () => {
      const page = await widgetPage(viewport);
      await dropScreenshot(page, ONE_PIXEL_PNG);
      await waitForBotMessages(page, 2);
      await load(page, `${demo?.server.url}/`);
      await page.locator('.launcher').click();
      await page.locator('.msg.person img').waitFor();
      expect(await page.locator('.msg.person img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
      expect((await transcriptTexts(page)).join('\n')).not.toContain('[screenshot]');
    });

    it('passes an axe-core audit with 0 violations, light and dark, with every kind of button showing', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        if (!demo) throw new Error('no browser');
        const widget = await openDemoPage(demo.browser, demo.server.url, { viewport, colorScheme, bypassCSP: true });
        opened.push(widget);
        await widget.page.locator('.launcher').click();
        await waitForBotMessages(widget.page, 1);
        await typeAndSend(widget.page, '502 Bad Gateway nginx/1.18.0 on my own site');
        await waitForBotMessages(widget.page, 2);
        for (const kind of ['.quick', '.thumb', '.to-person']) expect(await widget.page.locator(kind).count(), kind).toBeGreaterThan(0);
        expect(await axeViolations(widget.page), colorScheme).toEqual([]);
      }
    });
  });
}

describe('the widget on a phone, by keyboard', { timeout: 90_000 }, () => {
  it('keeps the focus inside the full-screen panel, going round both ways', async () => {
    const page = await widgetPage(SIZES.phone);
    expect(await page.locator('[role="dialog"]').getAttribute('aria-modal')).toBe('true');
    const seen = new Set<string | null>();
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      seen.add(await focusedInWidget(page));
    }
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.add(await focusedInWidget(page));
    }
    expect(seen.has(null), 'the focus never left the panel').toBe(false);
    expect(seen).toEqual(new Set(['button.human', 'button.icon-button', 'div.log', 'textarea#message', 'button.icon-button.send']));
  });
});

describe('the widget with a light brand colour, on another site', { timeout: 90_000 }, () => {
  it('draws readable button borders from the colour, and tells the kinds of buttons apart', async () => {
    if (!demo) throw new Error('no browser');
    const server = demo.server;
    const site = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><html lang="en"><title>Light brand</title><main><h1>Help</h1></main><script src="${server.url}/widget.js" data-color="#ffe680" async></script>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      const widget = await openWidgetPage(demo.browser, `${siteUrl}/`, [siteUrl, server.url]);
      opened.push(widget);
      const page = widget.page;
      await page.locator('.launcher').click();
      await typeAndSend(page, '502 Bad Gateway nginx/1.18.0 on my own site');
      await waitForBotMessages(page, 2);
      const rgb = (css: string) => `#${(css.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
      const border = rgb(await page.locator('.quick').first().evaluate((el) => getComputedStyle(el).borderTopColor));
      const panel = rgb(await page.locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor));
      expect(contrastRatio(border, panel), `${border} on ${panel}`).toBeGreaterThanOrEqual(3);

      const looks = async (selector: string) =>
        page.locator(selector).first().evaluate((el) => {
          const style = getComputedStyle(el);
          return [style.borderRadius, style.borderTopStyle, style.borderTopColor, style.backgroundColor].join(' ');
        });
      const kinds = await Promise.all(['.quick', '.thumb', '.to-person'].map(looks));
      expect(new Set(kinds).size, kinds.join(' | ')).toBe(3);
      expect(await page.locator('.actions[aria-label="Choose an answer"] .quick').count()).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });
});
