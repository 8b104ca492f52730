import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/analytics/report.js';
import { loadConfig } from '../../src/runtime/config.js';
import { runCli, scratchDir } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startReceiver, type Receiver } from '../handoff/helpers/receiver.js';
import { FakeSlackApi } from '../slack/fakes/fake-slack-api.js';
import { BOT_TOKEN } from '../slack/support.js';
import { chat } from './helpers/client.js';
import { serveBot, type Served } from './helpers/served.js';

/**
 * Findings 7 (handoff spam), 8 (report poisoning) and 9 (a 👍 acknowledged during a Redis outage
 * and lost), through the real web server, bot, handoff dispatcher (webhook and Slack channel)
 * and `updoc report`, on SQLite and on Redis.
 */

const SUPPORT = 'C0SUPPORT';
const QUESTION = 'my site on nginx shows 502 bad gateway: connect() failed (111: Connection refused) while connecting to upstream';
const THANKS = 'Thanks for the feedback! Glad it helped.';

interface Support {
  server: Served;
  webhook: Receiver;
  slack: FakeSlackApi;
  storeUrl: string;
  close(): Promise<void>;
}

/** The real server and bot, with handoffs going to a local webhook and a fake Slack's support channel. */
async function serve(storeUrl: string): Promise<Support> {
  const webhook = await startReceiver();
  const slack = await FakeSlackApi.start();
  const served = await serveBot(
    loadConfig({ STORE_URL: storeUrl, HANDOFF_WEBHOOK_URL: `${webhook.url}/handoff`, HANDOFF_SLACK_CHANNEL: SUPPORT, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: slack.url }),
  );
  return {
    server: served,
    webhook,
    slack,
    storeUrl,
    close: async () => {
      await served.close();
      await webhook.close();
      await slack.close();
    },
  };
}

async function report(served: Support): Promise<Report> {
  const result = await runCli(['report', '--json', '--since', '1h'], { env: { STORE_URL: served.storeUrl } });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Report;
}

/** A conversation that got an answer with 👍/👎 buttons; its session id. */
async function answered(served: Support, from: string): Promise<string> {
  let turn = await chat(served.server.url, { text: QUESTION }, { from });
  while (turn.last && !turn.last.actions.some((a) => a.id === 'feedback:up')) {
    const option = turn.last.actions.find((a) => a.id.startsWith('fact:'));
    if (!option) throw new Error(`no answer with feedback buttons: ${turn.last.text}`);
    turn = await chat(served.server.url, { sessionId: turn.sessionId, action: option.id }, { from });
  }
  return turn.sessionId;
}

const deliveries = (served: Support) => ({ webhook: served.webhook.accepted.length, slack: served.slack.callsTo('chat.postMessage', { channel: SUPPORT }).length });

async function allDelivered(served: Support): Promise<void> {
  await vi.waitFor(async () => expect(await served.server.running.store.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 50 });
}

function abuseContract(name: string, storeUrl: () => string) {
  describe(`handoffs and feedback on ${name}`, () => {
    let served: Support;
    let url: string;
    beforeAll(async () => {
      served = await serve(storeUrl());
      url = served.server.url;
    });
    afterAll(() => served.close());

    it('finding 7: 300 requests for a person from one client reach the support team 3 times, and another client\'s still gets through', async () => {
      const from = '127.0.0.2';
      const asks: string[] = [];
      // 100 on brand-new conversations: nothing to hand over yet.
      for (let i = 0; i < 100; i += 1) asks.push((await chat(url, { action: 'human' }, { from })).last?.text ?? '');
      // 100 in one conversation: handed over once.
      const { sessionId } = await chat(url, { text: 'my shop shows 502 bad gateway' }, { from });
      for (let i = 0; i < 100; i += 1) asks.push((await chat(url, { sessionId, action: 'human' }, { from })).last?.text ?? '');
      // 100 conversations with a message each: the person's budget runs out.
      for (let i = 0; i < 100; i += 1) {
        const opened = await chat(url, { text: 'my shop shows 502 bad gateway' }, { from });
        asks.push((await chat(url, { sessionId: opened.sessionId, action: 'human' }, { from })).last?.text ?? '');
      }
      expect(asks).toHaveLength(300);
      expect(asks.filter((text) => /first tell me in a sentence or two what's wrong/.test(text))).toHaveLength(100);
      expect(asks.filter((text) => /already passed this conversation/.test(text))).toHaveLength(99);
      expect(asks.filter((text) => /can't pass on another request for a person from you/.test(text))).toHaveLength(98);
      await allDelivered(served);
      expect(deliveries(served)).toEqual({ webhook: 3, slack: 3 });

      const other = await chat(url, { text: 'my shop shows 502 bad gateway' }, { from: '127.0.0.3' });
      expect((await chat(url, { sessionId: other.sessionId, action: 'human' }, { from: '127.0.0.3' })).last?.kind).toBe('handoff');
      await allDelivered(served);
      expect(deliveries(served)).toEqual({ webhook: 4, slack: 4 });
      expect((await report(served)).handoffs).toBe(4);
    });

    it('finding 8: a second 👍 on the same answer does not count, nor a 👍 on no answer at all', async () => {
      const before = (await report(served)).feedback.up;
      const sessions: string[] = [];
      for (let i = 0; i < 8; i += 1) sessions.push(await answered(served, '127.0.0.4'));
      for (const sessionId of sessions) {
        for (let press = 0; press < 5; press += 1) {
          expect((await chat(url, { sessionId, action: 'feedback:up' }, { from: '127.0.0.4' })).last?.text).toBe(THANKS);
        }
      }
      const nothing = await chat(url, { action: 'feedback:up' }, { from: '127.0.0.4' });
      expect(nothing.last?.text).toMatch(/^I couldn't record that: there is no answer of mine/);
      expect((await report(served)).feedback.up - before).toBe(8);
    });

    it('finding 8: a "hello" is not a resolved conversation: 200 hellos leave the resolution rate as it was', async () => {
      const before = await report(served);
      for (let i = 0; i < 200; i += 1) expect((await chat(url, { text: 'hello' }, { from: '127.0.0.5' })).status).toBe(200);
      const after = await report(served);
      expect(after.conversations - before.conversations).toBe(200);
      expect([after.asked, after.resolved, after.resolutionRate]).toEqual([before.asked, before.resolved, before.resolutionRate]);
    });
  });
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

abuseContract('SQLite', () => `sqlite:${scratchDir()}/abuse.sqlite`);
abuseContract('Redis', () => redis.url);

describe('finding 9: a 👍 while Redis is away', () => {
  // Redis keeps its data across the restart, as a production Redis with appendonly does.
  let durable: RedisServer;
  let served: Support;
  let url: string;
  beforeAll(async () => {
    durable = await startRedisServer({ appendOnly: true });
    served = await serve(durable.url);
    url = served.server.url;
  });
  afterAll(async () => {
    await served.close();
    await durable.stop();
  });

  it('is not acknowledged as recorded, and every 👍 that was acknowledged is in the report', async () => {
    const sessions = [await answered(served, '127.0.0.6'), await answered(served, '127.0.0.6')];
    const before = (await report(served)).feedback.up;
    await durable.stop();
    const during = await chat(url, { sessionId: sessions[0], action: 'feedback:up' }, { from: '127.0.0.6' });
    expect(during.status).toBe(200);
    expect(during.last?.text).not.toContain(THANKS);
    expect(during.last?.text).toMatch(/couldn't record that|couldn't save your feedback/);
    const handoff = await chat(url, { sessionId: sessions[1], action: 'human' }, { from: '127.0.0.6' });
    expect(handoff.last?.text).not.toMatch(/I'm passing this to a person/);

    await durable.start();
    await vi.waitFor(() => served.server.running.store.load('warm-up'), { timeout: 15_000, interval: 100 });
    const after = await chat(url, { sessionId: sessions[0], action: 'feedback:up' }, { from: '127.0.0.6' });
    expect(after.last?.text).toBe(THANKS);
    expect((await report(served)).feedback.up - before).toBe(1);
  });
});
