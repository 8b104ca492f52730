import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { DM_CHANNEL_ID } from '../discord/fakes/fake-rest.js';
import { ALICE, APPLICATION_ID, botMessage, buttonPress, slashCommand } from '../discord/fakes/payloads.js';
import type { ApiCall } from '../slack/fakes/fake-slack-api.js';
import { TEAM_ID } from '../slack/fakes/fake-slack-api.js';
import { buttonClick, mention, message, newTs } from '../slack/fakes/slack-payloads.js';
import { buttonFor, OWN_SITE, shown, tsOf } from '../slack/support.js';
import { load, openDemoPage, waitForBotMessages, type WidgetPage } from '../web/helpers/widget-page.js';
import { serveEverything, type Everything } from './helpers/everything.js';

const SUPPORT = 'C0SUPPORT';
const STAFF = 'USTAFF';
const CONTACT = 'help@acme.example';
const QUESTION = 'my shop on nginx shows 502 bad gateway: connect() failed (111: Connection refused) while connecting to upstream';
/** What Slack sends for a staff member's message: its own escaping of &, < and >. */
const STAFF_REPLY = 'Hi! Could you run `sudo systemctl status php8.2-fpm`? &lt;script&gt;alert(1)&lt;/script&gt; &amp; tell me what it says';
const STAFF_REPLY_AS_WRITTEN = 'Hi! Could you run `sudo systemctl status php8.2-fpm`? <script>alert(1)</script> & tell me what it says';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WAIT = { timeout: 20_000, interval: 50 };

let browser: Browser;
const pages: WidgetPage[] = [];
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());
afterEach(async () => {
  for (const page of pages.splice(0)) {
    expect(page.errors, 'uncaught errors in the page').toEqual([]);
    expect(page.outside, 'requests outside the test server').toEqual([]);
    await page.context.close();
  }
});

async function widgetOn(served: Everything, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const opened = await openDemoPage(browser, served.url, { viewport, bypassCSP: true });
  pages.push(opened);
  await opened.page.locator('.launcher').click();
  await waitForBotMessages(opened.page, 1);
  return opened.page;
}

async function ask(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot').count();
  await page.locator('textarea').fill(text);
  await page.locator('textarea').press('Enter');
  await waitForBotMessages(page, before + 1);
}

/** The summary of the handoff of `sessionId` in the support channel: the first message of its thread. */
async function summaryOf(served: Everything, sessionId: string): Promise<ApiCall> {
  let found: ApiCall | undefined;
  await vi.waitFor(() => {
    found = served.slack.callsTo('chat.postMessage', { channel: SUPPORT }).find((c) => c.params.thread_ts === undefined && String(c.params.text).includes(sessionId));
    expect(found, `a summary of ${sessionId} in ${SUPPORT}`).toBeDefined();
  }, WAIT);
  return found as ApiCall;
}

/** A staff member writes in a support thread, as Slack delivers it: a signed message event. */
async function staffWrites(served: Everything, threadTs: string, text: string): Promise<void> {
  const response = await served.slackEvent({ ...message({ channel: SUPPORT, ts: newTs(), thread_ts: threadTs, text }), user: STAFF });
  expect(response.status).toBe(200);
}

const inThread = (served: Everything, channel: string, ts: string) => served.slack.callsTo('chat.postMessage', { channel, thread_ts: ts });

describe('a handoff the support team answers from its Slack channel', { timeout: 120_000 }, () => {
  let served: Everything;
  beforeAll(async () => {
    served = await serveEverything({ HANDOFF_SLACK_CHANNEL: SUPPORT, SUPPORT_CONTACT: CONTACT });
    served.slack.addPerson(STAFF, 'Alex');
  }, 60_000);
  afterAll(() => served?.close());

  it('widget: asks for a person with an email, gets the staff reply live and again after a reload, and stays quiet meanwhile', async () => {
    const page = await widgetOn(served);
    await ask(page, QUESTION);
    await page.locator('.actions .to-person').click();
    // The team may write back, so the widget offers to leave an email first.
    await page.locator('form.contact input[type="email"]').fill('ada@example.com');
    await page.locator('form.contact button[type="submit"]').click();
    await page.locator('.msg.bot.handoff').waitFor();
    const promise = await page.locator('.msg.bot.handoff').last().textContent();
    expect(promise).toMatch(/They will answer right here/);
    expect(await page.locator('.header .human').textContent()).toBe('Back to the bot');

    const sessionId = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':session'))?.[1] ?? '');
    const summary = await summaryOf(served, sessionId);
    expect(summary.params.text).toContain('Email: ada@example.com');
    expect(summary.params.text).toContain('Reply in this thread');
    expect(summary.params.text).toContain('connect() failed (111: Connection refused)');

    await staffWrites(served, tsOf(summary), STAFF_REPLY);
    await page.locator('.msg.staff').waitFor();
    const staff = async () => page.locator('.msg.staff').allTextContents();
    expect(await staff()).toEqual([`Alex · support team${STAFF_REPLY_AS_WRITTEN}`]);
    expect(await page.evaluate(() => (window as { alert?: unknown }).alert !== undefined && document.querySelector('updoc-widget')?.shadowRoot?.querySelector('script'))).toBeNull();
    expect(await page.locator('.msg.bot.handoff').last().textContent()).toContain('Alex from the support team has joined the conversation.');

    // While staff have it, what the person writes goes to the thread, and updoc does not answer it as a question.
    await ask(page, 'it says inactive (dead) since this morning <!channel>');
    expect(await page.locator('.msg.bot').last().textContent()).toMatch(/Sent to Alex|Alex has your message/);
    await vi.waitFor(() => expect(inThread(served, SUPPORT, tsOf(summary)).map((c) => c.params.text)).toContain('> *person:* it says inactive (dead) since this morning &lt;!channel&gt;'), WAIT);

    // After a reload: the reply is still there, and the next one arrives live.
    await load(page, `${served.url}/`);
    await page.locator('.launcher').click();
    await page.locator('.msg.staff').waitFor();
    expect(await staff()).toEqual([`Alex · support team${STAFF_REPLY_AS_WRITTEN}`]);
    expect(await page.locator('.header .human').textContent()).toBe('Back to the bot');
    await staffWrites(served, tsOf(summary), 'Thanks, I restarted PHP-FPM for you: try again now.');
    await vi.waitFor(async () => expect(await staff()).toHaveLength(2), WAIT);
    expect((await staff())[1]).toContain('I restarted PHP-FPM for you');

    await page.addScriptTag({ content: AXE_SOURCE });
    const audit = await page.evaluate(() => window.axe!.run(document, { resultTypes: ['violations'] }));
    expect(audit.violations.map((v) => v.id)).toEqual([]);

    // Back to the bot: the thread is told, and a later staff message is not delivered but answered in the thread.
    await page.locator('.header .human').click();
    await vi.waitFor(async () => expect(await page.locator('.header .human').textContent()).toBe('Talk to a person'), WAIT);
    await vi.waitFor(() => expect(inThread(served, SUPPORT, tsOf(summary)).map((c) => c.params.text)).toContain('_The person went back to the bot: what you write here no longer reaches them._'), WAIT);
    await staffWrites(served, tsOf(summary), 'are you still there?');
    await vi.waitFor(() => expect(inThread(served, SUPPORT, tsOf(summary)).map((c) => c.params.text).at(-1)).toMatch(/^_Not delivered: the person went back to the bot/), WAIT);
    expect(await staff()).toHaveLength(2);
  });

  it('Slack: the reply reaches a conversation held in a Slack thread', async () => {
    const channel = 'C1';
    const ts = newTs();
    await served.slackEvent(mention({ channel, ts, text: OWN_SITE }));
    await vi.waitFor(() => expect(inThread(served, channel, ts)).toHaveLength(1), WAIT);
    const answer = inThread(served, channel, ts)[0];
    await served.slackClick(buttonClick(channel, ts, tsOf(answer), buttonFor(answer, 'human'), shown(answer).blocks));
    await vi.waitFor(() => expect(inThread(served, channel, ts).map((c) => c.params.text).at(-1)).toMatch(/They will answer right here/), WAIT);

    const summary = await summaryOf(served, `slack:${TEAM_ID}:${channel}:${ts}`);
    await staffWrites(served, tsOf(summary), STAFF_REPLY);
    await vi.waitFor(() => expect(inThread(served, channel, ts).some((c) => String(c.params.text).startsWith('Alex (support team):'))).toBe(true), WAIT);
    const delivered = inThread(served, channel, ts).filter((c) => String(c.params.text).includes('support team'));
    expect(delivered.map((c) => shown(c).blocks)).toContainEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: '*Alex* · support team' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'Hi! Could you run `sudo systemctl status php8.2-fpm`? &lt;script&gt;alert(1)&lt;/script&gt; &amp; tell me what it says' } },
    ]);
  });

  it('Discord: the reply follows up the conversation, and goes as a direct message once the interaction has expired', async () => {
    const sent = slashCommand({ question: OWN_SITE });
    served.gateway.dispatch('INTERACTION_CREATE', sent.payload);
    const first = await served.rest.editOf(sent.token);
    const human = first.components?.flatMap((row) => row.components).find((b) => b.custom_id.endsWith(':human'))?.custom_id ?? expect.fail('no human button');
    const click = buttonPress(human, botMessage(first, { interaction: sent, user: ALICE, ephemeral: false }));
    served.gateway.dispatch('INTERACTION_CREATE', click.payload);
    expect((await served.rest.editOf(click.token)).embeds?.[0]?.description).toMatch(/They will answer right here/);

    const summary = await summaryOf(served, `d:${sent.id}`);
    await staffWrites(served, tsOf(summary), STAFF_REPLY);
    const followUp = await served.rest.requests.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/webhooks/${APPLICATION_ID}/${click.token}`);
    const body = followUp.body as { embeds: { title?: string; description?: string; author?: { name: string } }[] };
    expect(body.embeds.map((e) => e.author?.name ?? e.title)).toEqual(['Support team', 'Alex · support team']);
    expect(body.embeds[1]?.description).toContain('\\<script\\>alert\\(1\\)\\<');

    // Discord refuses the interaction's token after 15 minutes: the next reply is a direct message.
    served.rest.failOnce((r) => r.method === 'POST' && r.path.startsWith(`/api/v10/webhooks/${APPLICATION_ID}/`), 401, { message: 'Invalid Webhook Token', code: 50027 });
    await staffWrites(served, tsOf(summary), 'Still with me? PHP-FPM is running again.');
    const opened = await served.rest.requests.waitFor((r) => r.method === 'POST' && r.path === '/api/v10/users/@me/channels');
    expect(opened.body).toEqual({ recipient_id: ALICE.id });
    const direct = await served.rest.requests.waitFor((r) => r.method === 'POST' && r.path === `/api/v10/channels/${DM_CHANNEL_ID}/messages`);
    expect((direct.body as { embeds: { description?: string }[] }).embeds[0]?.description).toContain('PHP\\-FPM is running again');
  });
});

describe('with no handoff target configured', { timeout: 120_000 }, () => {
  let served: Everything;
  beforeAll(async () => {
    served = await serveEverything({ SUPPORT_CONTACT: CONTACT });
  }, 60_000);
  afterAll(() => served?.close());

  it('never promises a reply: it says how to reach support, and asks for no email', async () => {
    const page = await widgetOn(served, { width: 390, height: 844 });
    await ask(page, QUESTION);
    await page.locator('.actions .to-person').click();
    await waitForBotMessages(page, 3);
    expect(await page.locator('form.contact').count()).toBe(0);
    const reply = (await page.locator('.msg.bot').last().textContent()) ?? '';
    expect(reply).toContain(`You can reach the support team at ${CONTACT}.`);
    expect(reply).not.toMatch(/will (?:reply|answer)|answer right here|get back to you/i);
    expect(served.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});
