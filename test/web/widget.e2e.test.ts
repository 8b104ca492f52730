import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/runtime/knowledge-dir.js';
import { startDemoBrowser, type DemoBrowser } from './helpers/demo-browser.js';
import { dropScreenshot, focusedInWidget, load, ONE_PIXEL_PNG, openDemoPage, openWidgetPage, transcriptTexts, waitForBotMessages, type PageOptions, type WidgetPage } from './helpers/widget-page.js';
import type { TestServer } from './helpers/web-server.js';

/** A first message that says who is asking: the answer names the layer at once, without asking. */
const QUESTION = '502 Bad Gateway nginx/1.18.0 on my own site';
/** A reply's buttons but 👍/👎: answers to a question, "More", "Talk to a person". */
const ACTION_BUTTON = '.actions button:not(.thumb)';
const LOG_LINE = 'connect() failed (111: Connection refused) while connecting to upstream, nginx php-fpm';
const ARTIFACTS = join(PACKAGE_ROOT, 'test-artifacts', 'widget');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let browser: Browser;
const opened: WidgetPage[] = [];

let demo: DemoBrowser | undefined;
beforeAll(async () => {
  demo = await startDemoBrowser();
  ({ server, browser } = demo);
}, 120_000);
afterAll(() => demo?.close());

/** Every page of a test stays on the test server and throws nothing. */
afterEach(async () => {
  for (const demo of opened.splice(0)) {
    expect(demo.outside, 'requests outside the test server').toEqual([]);
    expect(demo.errors, 'uncaught errors in the page').toEqual([]);
    await demo.context.close();
  }
});

async function demoPage(options: PageOptions = {}): Promise<Page> {
  const demo = await openDemoPage(browser, server.url, options);
  opened.push(demo);
  return demo.page;
}

function closeServer(site: Server): Promise<void> {
  return new Promise((resolve) => site.close(() => resolve()));
}

/** Types a message into the open widget and waits for the reply that answers it. */
async function ask(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot').count();
  await page.locator('textarea').fill(text);
  await page.locator('textarea').press('Enter');
  await waitForBotMessages(page, before + 1);
}

// A real browser on a busy machine: generous bounds, no timing assertions.
describe('the chat widget on the demo help page, in Chromium', { timeout: 90_000 }, () => {
  it('answers a question, takes a quick reply, and restores the conversation after a reload', async () => {
    const page = await demoPage();
    await page.locator('.launcher').click();
    expect(await focusedInWidget(page)).toBe('textarea#message');
    await waitForBotMessages(page, 1);

    await ask(page, QUESTION);
    const texts = await transcriptTexts(page);
    expect(texts.at(-2)).toContain(QUESTION);
    expect(texts.at(-1)).toMatch(/\bnginx\b/);
    expect(texts.at(-1)).not.toMatch(/your own site, or a site you are visiting/i);
    const quick = page.locator(ACTION_BUTTON).first();
    const label = await quick.textContent();
    expect(label?.length).toBeGreaterThan(0);

    await quick.click();
    await waitForBotMessages(page, 3);
    const conversation = await transcriptTexts(page);
    expect(conversation.at(-2)).toContain(label);
    expect(conversation.at(-1)).not.toBe(texts.at(-1));
    const lastButtons = await page.locator('.actions button').count();

    await load(page, `${server.url}/`);
    await page.locator('.launcher').click();
    await page.locator('.msg').nth(conversation.length - 2).waitFor();
    // Restored: the conversation, without the local greeting that opened it.
    expect(await transcriptTexts(page)).toEqual(conversation.slice(1));
    expect(await page.locator('.actions button').count()).toBe(lastButtons);
  });

  it('shows message text as text: markup, scripts and javascript: links never run', async () => {
    const page = await demoPage();
    await page.locator('.launcher').click();
    await waitForBotMessages(page, 1);
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=2</script>',
      '[click here](javascript:window.__xss=3) **<img src=x onerror="window.__xss=4">** `<b onmouseover="window.__xss=5">x</b>`',
    ];
    for (const payload of payloads) await ask(page, payload);

    const check = async () => {
      const found = await page.evaluate(() => {
        const shadow = document.querySelector('updoc-widget')?.shadowRoot;
        return {
          xss: window.__xss,
          markup: shadow?.querySelectorAll('img, script, iframe, a, b, [onerror], [onmouseover]').length,
          pageImages: document.querySelectorAll('img').length,
        };
      });
      expect(found).toEqual({ xss: undefined, markup: 0, pageImages: 0 });
      const texts = (await transcriptTexts(page)).join('\n');
      for (const payload of payloads.slice(0, 2)) expect(texts).toContain(payload);
    };
    await check();
    await load(page, `${server.url}/`);
    await page.locator('.launcher').click();
    await page.locator('.msg.person').nth(payloads.length - 1).waitFor();
    await check();
  });

  it('works by keyboard alone: Tab to the launcher, Enter, type, a quick reply, Escape', async () => {
    const page = await demoPage();
    for (let i = 0; i < 40 && (await focusedInWidget(page)) !== 'button.launcher'; i++) await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('button.launcher');
    const ring = await page.locator('.launcher').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(ring, 'a visible focus ring').not.toBe('none');

    await page.keyboard.press('Enter');
    expect(await focusedInWidget(page)).toBe('textarea#message');
    await waitForBotMessages(page, 1);
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    await waitForBotMessages(page, 2);

    const onAction = async () => /^button\.(?:quick|more|to-person)$/.test((await focusedInWidget(page)) ?? '');
    for (let i = 0; i < 10 && !(await onAction()); i++) await page.keyboard.press('Shift+Tab');
    expect(await onAction(), 'a reply button has the focus').toBe(true);
    const label = await page.evaluate(() => document.querySelector('updoc-widget')?.shadowRoot?.activeElement?.textContent);
    await page.keyboard.press('Enter');
    await waitForBotMessages(page, 3);
    expect((await transcriptTexts(page)).at(-2)).toContain(label);
    expect(await focusedInWidget(page), 'focus goes back to the message box').toBe('textarea#message');

    await page.keyboard.press('Escape');
    expect(await page.locator('[role="dialog"]').isHidden()).toBe(true);
    expect(await focusedInWidget(page)).toBe('button.launcher');
    expect(await page.locator('.launcher').getAttribute('aria-expanded')).toBe('false');
  });

  it("tells the person the server's own words when it refuses a screenshot", async () => {
    const png = ONE_PIXEL_PNG;
    const direct = await fetch(`${server.url}/api/screenshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    const page = await demoPage();
    await page.locator('.launcher').click();
    await waitForBotMessages(page, 1);

    await dropScreenshot(page, png);

    await page.locator('.msg.person img').waitFor();
    if (direct.ok) {
      await waitForBotMessages(page, 2);
    } else {
      const { error } = (await direct.json()) as { error: { message: string } };
      await page.locator('.notice').waitFor();
      expect((await page.locator('.notice').textContent())?.toLowerCase()).toBe(error.message.toLowerCase());
    }
  });

  it('lets the host page drive it through window.updoc', async () => {
    const page = await demoPage();
    await page.locator('#q').fill(QUESTION);
    await page.locator('#q').press('Enter');
    await waitForBotMessages(page, 2);
    expect((await transcriptTexts(page)).at(-2)).toContain(QUESTION);
    await page.evaluate(() => (window.updoc as { close(): void }).close());
    expect(await page.locator('[role="dialog"]').isHidden()).toBe(true);

    await page.evaluate(() => (window.updoc as { identify(who: object): void }).identify({ name: 'Ada', email: 'ada@example.com' }));
    const stored = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':identity'))?.[1]);
    expect(JSON.parse(stored ?? 'null')).toEqual({ name: 'Ada', email: 'ada@example.com' });
  });

  it("works embedded on another origin, whatever that page's CSS says", async () => {
    const hostile = 'updoc-widget{display:none!important;opacity:0!important}*{font-size:40px!important;color:red!important}button,div,textarea{display:none!important}';
    const site = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(
        `<!doctype html><html lang="en"><title>Another hosting company</title><style>${hostile}</style>` +
          `<main><h1>Help</h1></main><script src="${server.url}/widget.js" data-title="Other support" data-color="#ffcc00" async></script>`,
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    try {
      const demo = await openWidgetPage(browser, `${siteUrl}/`, [siteUrl, server.url]);
      opened.push(demo);
      const launcher = await demo.page.locator('.launcher').boundingBox();
      expect(launcher).toMatchObject({ width: 56, height: 56 });
      await demo.page.locator('.launcher').click();
      expect(await demo.page.locator('.title').textContent()).toBe('Other support');
      expect(await demo.page.locator('.header').evaluate((el) => getComputedStyle(el).color), 'black on yellow').toBe('rgb(0, 0, 0)');
      await ask(demo.page, QUESTION);
      expect(await demo.page.locator(ACTION_BUTTON).count()).toBeGreaterThan(0);
    } finally {
      await closeServer(site);
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`passes an axe-core audit with the widget open (${colorScheme})`, async () => {
      const page = await demoPage({ colorScheme, bypassCSP: true });
      await page.locator('.launcher').click();
      await ask(page, LOG_LINE);
      await page.addScriptTag({ content: AXE_SOURCE });
      const results = await page.evaluate(() => window.axe!.run(document, { resultTypes: ['violations'] }));
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, why: n.failureSummary })) }));
      expect(serious).toEqual([]);
    });
  }

  const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`is screenshotted open on a ${size} (${colorScheme})`, async () => {
        const page = await demoPage({ viewport, colorScheme });
        await page.locator('.launcher').click();
        await ask(page, LOG_LINE);
        const panel = await page.locator('.panel').boundingBox();
        expect(panel, 'the panel fits on the screen').not.toBeNull();
        expect(panel!.x).toBeGreaterThanOrEqual(0);
        expect(panel!.x + panel!.width).toBeLessThanOrEqual(viewport.width);
        if (size === 'phone') expect(panel).toEqual({ x: 0, y: 0, ...viewport });
        expect(await page.locator('.msg.bot ol li').count(), "the answer's steps as a list").toBeGreaterThan(1);
        expect(await page.locator('.msg.bot code').count(), 'commands as code').toBeGreaterThan(1);
        const background = await page.locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor);
        expect(background).toBe(colorScheme === 'dark' ? 'rgb(23, 25, 30)' : 'rgb(255, 255, 255)');
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `${size}-${colorScheme}.png`) });
      });
    }
  }
});
