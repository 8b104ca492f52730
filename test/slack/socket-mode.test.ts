import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReply } from '../../src/channels/slack/render.js';
import type { StartedChannel } from '../../src/runtime/channels.js';
import { slackStarter } from '../../src/runtime/slack.js';
import { FakeSlackApi } from './fakes/fake-slack-api.js';
import { FakeSocketMode } from './fakes/fake-socket-mode.js';
import { RecordingLogger } from './fakes/recording-logger.js';
import { buttonClick, eventCallback, mention, message, newTs } from './fakes/slack-payloads.js';
import { APP_TOKEN, buttonFor, directReplies, OWN_SITE, shown, slackConfig, testBot, tsOf } from './support.js';

const CHANNEL = 'C2';
const QUESTION = OWN_SITE;

describe('Slack in Socket Mode', () => {
  let fake: FakeSlackApi;
  let socket: FakeSocketMode;
  let slack: StartedChannel;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    fake = await FakeSlackApi.start();
    socket = await FakeSocketMode.start();
    fake.socketUrl = socket.url;
    const config = slackConfig({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: 'unused-in-socket-mode', SLACK_API_URL: fake.url });
    // Socket Mode needs no route: a bare Fastify instance stands in for the web server.
    slack = await slackStarter({ logger, retryConfig: { retries: 0 } }).start({ config, running: testBot(), app: Fastify() });
  });

  afterAll(async () => {
    await slack.stop();
    await socket.close();
    await fake.close();
  });

  /** Sends a mention and waits until its thread has `replies` messages. */
  async function mentionAndWait(ts: string, text: string, replies = 1) {
    const event = eventCallback(mention({ channel: CHANNEL, ts, text }));
    await socket.send('events_api', event);
    await fake.until(() => fake.thread(CHANNEL, ts).length >= replies);
    return event;
  }

  it('connects with the app token through apps.connections.open', () => {
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
  });

  it('answers a mention in its thread', async () => {
    const ts = newTs();
    await mentionAndWait(ts, QUESTION);
    const [expected] = await directReplies([{ text: QUESTION }]);
    expect(shown(fake.thread(CHANNEL, ts)[0])).toEqual(renderReply(expected?.[0] ?? expect.fail()));
  });

  it('continues the conversation when a button is clicked, and on a message in the thread', async () => {
    const ts = newTs();
    await mentionAndWait(ts, QUESTION);
    const question = fake.thread(CHANNEL, ts)[0];
    await socket.send('interactive', buttonClick(CHANNEL, ts, tsOf(question), buttonFor(question, 'fact:upstream:node')));
    await fake.until(() => fake.thread(CHANNEL, ts).length === 2);
    const logLine = 'connect() failed (111: Connection refused) while connecting to upstream';
    await socket.send('events_api', eventCallback(message({ channel: CHANNEL, ts: newTs(), thread_ts: ts, text: logLine })));
    await fake.until(() => fake.thread(CHANNEL, ts).length === 3);

    const expected = await directReplies([{ text: QUESTION }, { action: 'fact:upstream:node' }, { text: logLine }]);
    expect(fake.thread(CHANNEL, ts).map(shown)).toEqual(expected.map((turn) => renderReply(turn[0] ?? expect.fail())));
  });

  it('answers a retried event once', async () => {
    const ts = newTs();
    const event = await mentionAndWait(ts, QUESTION);
    await socket.send('events_api', event, { attempt: 1, reason: 'timeout' });
    await logger.until(new RegExp(`repeated delivery of event ${String(event.event_id)} \\(retry 1, timeout\\)`));
    expect(fake.thread(CHANNEL, ts)).toHaveLength(1);
  });

  it('answers a direct message in its thread', async () => {
    const channel = 'D1';
    const ts = newTs();
    await socket.send('events_api', eventCallback(message({ channel, ts, text: QUESTION }, 'im')));
    await fake.until(() => fake.thread(channel, ts).length === 1);
    const [expected] = await directReplies([{ text: QUESTION }]);
    expect(shown(fake.thread(channel, ts)[0])).toEqual(renderReply(expected?.[0] ?? expect.fail()));
  });
});
