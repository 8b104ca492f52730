import { LogLevel } from '@slack/bolt';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/channels/slack/render.js';
import { buildWebServer } from '../../src/channels/web/server.js';
import type { Running } from '../../src/runtime/bot.js';
import type { StartedChannel } from '../../src/runtime/channels.js';
import { slackStarter } from '../../src/runtime/slack.js';
import { FakeSlackApi, TEAM_ID } from './fakes/fake-slack-api.js';
import { RecordingLogger } from './fakes/recording-logger.js';
import { buttonClick, eventCallback, mention, message, newTs, signature } from './fakes/slack-payloads.js';
import { BOT_TOKEN, buttonFor, buttonsOf, directReplies, OWN_SITE, shown, SIGNING_SECRET, slackConfig, testBot, tsOf, webAssets } from './support.js';

const CHANNEL = 'C1';

interface Served {
  fake: FakeSlackApi;
  web: FastifyInstance;
  slack: StartedChannel;
  running: Running;
  logger: RecordingLogger;
  close(): Promise<void>;
}

/** The real web server with the Slack channel started by its runtime starter, against a fake Slack. */
async function serve(processBeforeResponse: boolean): Promise<Served> {
  const fake = await FakeSlackApi.start();
  const running = testBot();
  const web = await buildWebServer({ bot: running.bot, assets: webAssets(), allowedOrigins: ['*'], rateLimitPerMinute: 1_000 });
  const logger = new RecordingLogger();
  const config = slackConfig({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url });
  const slack = await slackStarter({ processBeforeResponse, logger, retryConfig: { retries: 0 } }).start({ config, running, app: web });
  await web.listen({ host: '127.0.0.1', port: 0 });
  return {
    fake,
    web,
    slack,
    running,
    logger,
    async close() {
      await slack.stop();
      await web.close();
      await fake.close();
      await running.close();
    },
  };
}

function eventsUrl(web: FastifyInstance): string {
  const address = web.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}/slack/events`;
}

interface Delivery {
  timestamp?: number;
  secret?: string;
  retry?: number;
}

async function deliver(web: FastifyInstance, body: string, contentType: string, options: Delivery = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(eventsUrl(web), {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(options.secret ?? SIGNING_SECRET, timestamp, body),
      ...(options.retry ? { 'x-slack-retry-num': String(options.retry), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
    body,
  });
}

const postEvent = (web: FastifyInstance, event: Record<string, unknown>, options?: Delivery) =>
  deliver(web, JSON.stringify(event), 'application/json', options);

const postAction = (web: FastifyInstance, payload: Record<string, unknown>) =>
  deliver(web, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

const postedIn = (fake: FakeSlackApi, threadTs: string) => fake.thread(CHANNEL, threadTs);

describe('Slack in HTTP mode, on the updoc web server', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(true);
  });
  afterAll(async () => {
    await served.close();
  });

  it('answers a signed mention in its thread, rendered as Block Kit with buttons', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const response = await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
    expect(response.status).toBe(200);

    const [expected] = await directReplies([{ text: OWN_SITE }]);
    const replies = postedIn(fake, ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.token).toBe(BOT_TOKEN);
    expect(shown(replies[0])).toEqual(renderReply(expected?.[0] ?? expect.fail('no direct reply')));
    const blocks = shown(replies[0]).blocks;
    expect(blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: expect.arrayContaining([{ type: 'button', action_id: 'updoc:choice:0', value: expect.any(String), text: expect.anything() }]) });
    expect(buttonFor(replies[0], 'fact:upstream:node').action_id).toMatch(/^updoc:choice:\d+$/);
    // It answers at once, naming what produced the error, without asking whose site it is.
    expect(replies[0]?.params.text).toContain('nginx');
    expect(buttonsOf(replies[0]).some((b) => b.value.startsWith('fact:role:'))).toBe(false);
  });

  it('continues the conversation when a button is clicked', async () => {
    const { fake, web } = served;
    const ts = newTs();
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
    const question = postedIn(fake, ts)[0];
    const reply = await postAction(web, buttonClick(CHANNEL, ts, tsOf(question), buttonFor(question, 'fact:upstream:node')));
    expect(reply.status).toBe(200);

    const expected = await directReplies([{ text: OWN_SITE }, { action: 'fact:upstream:node' }]);
    const replies = postedIn(fake, ts);
    expect(replies).toHaveLength(2);
    expect(shown(replies[1])).toEqual(renderReply(expected[1]?.[0] ?? expect.fail('no direct reply')));
    expect((await served.running.bot.session(`slack:${TEAM_ID}:${CHANNEL}:${ts}`))?.facts.upstream?.value).toBe('node');
  });

  it('answers a follow-up in the thread without a mention, and ignores chatter outside its threads', async () => {
    const { fake, web } = served;
    const ts = newTs();
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
    const logLine = 'connect() failed (111: Connection refused) while connecting to upstream';
    await postEvent(web, eventCallback(message({ channel: CHANNEL, ts: newTs(), thread_ts: ts, text: logLine })));
    const elsewhere = newTs();
    await postEvent(web, eventCallback(message({ channel: CHANNEL, ts: newTs(), thread_ts: elsewhere, text: logLine })));
    await postEvent(web, eventCallback(message({ channel: CHANNEL, ts: elsewhere, text: logLine })));

    const expected = await directReplies([{ text: OWN_SITE }, { text: logLine }]);
    const replies = postedIn(fake, ts);
    expect(replies).toHaveLength(2);
    expect(shown(replies[1])).toEqual(renderReply(expected[1]?.[0] ?? expect.fail('no direct reply')));
    expect(postedIn(fake, elsewhere)).toHaveLength(0);
  });

  it('answers a retried event once, and a mention that also arrives as a message once', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const event = eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE }));
    expect((await postEvent(web, event)).status).toBe(200);
    // Slack signs each retry anew: a new timestamp, so a new signature.
    expect((await postEvent(web, event, { retry: 1, timestamp: Math.floor(Date.now() / 1000) + 1 })).status).toBe(200);
    expect(postedIn(fake, ts)).toHaveLength(1);
    expect(served.logger.linesAt(LogLevel.INFO).some((l) => l.includes(`repeated delivery of event ${String(event.event_id)} (retry 1, http_timeout)`))).toBe(true);

    const followUp = { channel: CHANNEL, ts: newTs(), thread_ts: ts, text: 'it runs on node' };
    await postEvent(web, eventCallback(mention(followUp)));
    await postEvent(web, eventCallback(message({ ...followUp, text: `<@UBOT> ${followUp.text}` })));
    expect(postedIn(fake, ts)).toHaveLength(2);
  });

  it('refuses a forged signature and a stale timestamp with 401', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const event = eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE }));
    expect((await postEvent(web, event, { secret: 'not-the-signing-secret' })).status).toBe(401);
    expect((await postEvent(web, event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    const unsigned = await fetch(eventsUrl(web), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(401);
    expect(postedIn(fake, ts)).toHaveLength(0);
  });

  it('answers Slack’s URL verification challenge', async () => {
    const response = await postEvent(served.web, { type: 'url_verification', token: 't', challenge: 'c-123' });
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });

  it('shows a probe’s progress in one updated message, then posts the answer as a new message and removes the progress', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const text = 'is https://shop.example.com down? it shows 502';
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text })));

    const [expected = []] = await directReplies([{ text }]);
    expect(expected.map((r) => r.kind)).toEqual(['progress', 'progress', 'answer']);
    const posted = postedIn(fake, ts);
    expect(posted.map(shown)).toEqual([renderReply(expected[0] ?? expect.fail()), renderReply(expected[2] ?? expect.fail())]);
    expect(shown(posted[0]).blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: expect.stringMatching(/^\*Checking shop\.example\.com\*\n✓ Find the site's server\n/) }] }]);
    // The answer is the message Slack notifies with: its own text, not "Checking…".
    expect(posted[1]?.params.text).toMatch(/^I checked \*shop\.example\.com\*/);
    const progressTs = tsOf(posted[0]);
    expect(fake.callsTo('chat.update', { channel: CHANNEL, ts: progressTs }).map(shown)).toEqual([renderReply(expected[1] ?? expect.fail())]);
    expect(fake.callsTo('chat.delete', { channel: CHANNEL, ts: progressTs })).toHaveLength(1);
  });

  it('replaces a clicked question’s buttons with the choice made, and thanks for a 👍 once, on the rated answer', async () => {
    const { fake, web } = served;
    const ts = newTs();
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
    const question = postedIn(fake, ts)[0];
    await postAction(web, buttonClick(CHANNEL, ts, tsOf(question), buttonFor(question, 'fact:upstream:node'), shown(question).blocks));

    const chosen = fake.callsTo('chat.update', { channel: CHANNEL, ts: tsOf(question) });
    expect(chosen).toHaveLength(1);
    const blocks = shown(chosen[0]).blocks;
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '✓ *Node.js*' }] });
    expect(blocks.slice(0, -1)).toEqual(shown(question).blocks.filter((b) => b.type !== 'actions'));

    const answer = postedIn(fake, ts)[1];
    const thumb = buttonFor(answer, 'feedback:up');
    expect(thumb.action_id).toMatch(/^updoc:feedback:\d+$/);
    for (let i = 0; i < 2; i += 1) await postAction(web, buttonClick(CHANNEL, ts, tsOf(answer), thumb, shown(answer).blocks));
    // No "Thanks" message: the thanks sits where the buttons were, whatever the number of clicks.
    expect(postedIn(fake, ts)).toHaveLength(2);
    const rated = fake.callsTo('chat.update', { channel: CHANNEL, ts: tsOf(answer) }).map((c) => shown(c).blocks.at(-1));
    expect(rated.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '✓ *👍 Helpful* · Thanks for the feedback! Glad it helped.' }] });
    expect(new Set(rated.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it('reads a screenshot shared with the mention, fetched from Slack with the bot token', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const page = Buffer.from('502 Bad Gateway nginx/1.18.0');
    fake.hostFile('F1', page, 'image/png');
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: '', files: [{ id: 'F1', file_access: 'check_file_info' }] })));

    expect(fake.callsTo('files.info', { file: 'F1' })).toHaveLength(1);
    expect(fake.downloads).toContainEqual({ path: '/files/F1', authorization: `Bearer ${BOT_TOKEN}` });
    const [expected] = await directReplies([{ text: '', image: { bytes: page, filename: 'F1.png' } }]);
    expect(shown(postedIn(fake, ts)[0])).toEqual(renderReply(expected?.[0] ?? expect.fail()));
  });

  it('never sends the bot token to a file host other than Slack’s', async () => {
    const { fake, web } = served;
    const ts = newTs();
    const file = { id: 'F2', name: 'x.png', mimetype: 'image/png', size: 10, url_private_download: 'http://127.0.0.2:9/x.png' };
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: 'what is this', files: [file] })));
    expect(fake.downloads.some((d) => d.path.includes('x.png'))).toBe(false);
    expect(postedIn(fake, ts).map((c) => c.params.text)).toEqual([expect.stringContaining("not stored on Slack's file server")]);
  });

  it('logs a platform error in one clear line and keeps serving the next event', async () => {
    const { fake, web, logger } = served;
    fake.failNext('chat.postMessage', 'not_in_channel');
    const refused = newTs();
    expect((await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts: refused, text: OWN_SITE })))).status).toBe(200);
    const line = await logger.until(/^slack: could not answer/);
    expect(line).toMatch(/^slack: could not answer in C1: Slack API error not_in_channel: .*\/invite @updoc/);
    expect(logger.linesAt(LogLevel.ERROR).filter((l) => l.includes('not_in_channel'))).toEqual([line]);

    const ts = newTs();
    await postEvent(web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
    expect(postedIn(fake, ts)).toHaveLength(1);
  });
});

describe('Slack in HTTP mode, acknowledging before the work', () => {
  it('answers Slack at once while the reply is still being posted', async () => {
    const served = await serve(false);
    try {
      const release = served.fake.hold('chat.postMessage');
      const ts = newTs();
      const response = await postEvent(served.web, eventCallback(mention({ channel: CHANNEL, ts, text: OWN_SITE })));
      // The reply's chat.postMessage is held unanswered, yet Slack already has its 200.
      expect(response.status).toBe(200);
      await served.fake.until(() => postedIn(served.fake, ts).length === 1);
      release();
    } finally {
      await served.close();
    }
  });
});


describe('Slack start-up', () => {
  it('fails with a clear message when Slack refuses the bot token', async () => {
    const fake = await FakeSlackApi.start();
    try {
      fake.failNext('auth.test', 'invalid_auth');
      const running = testBot();
      const config = slackConfig({ SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url });
      const starting = slackStarter({ logger: new RecordingLogger(), retryConfig: { retries: 0 } }).start({ config, running, app: Fastify() });
      await expect(starting).rejects.toThrow(/^slack: cannot start: Slack API error invalid_auth: SLACK_BOT_TOKEN is not valid/);
    } finally {
      await fake.close();
    }
  });
});
