import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/runtime/config.js';
import { slackStarter } from '../../src/runtime/slack.js';
import { scratchDir } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { FakeSlackApi, type ApiCall } from '../slack/fakes/fake-slack-api.js';
import { RecordingLogger } from '../slack/fakes/recording-logger.js';
import { buttonClick, eventCallback, mention, newTs, signature } from '../slack/fakes/slack-payloads.js';
import { BOT_TOKEN, shown, SIGNING_SECRET, tsOf } from '../slack/support.js';
import { chat } from './helpers/client.js';
import { serveBot, type Served } from './helpers/served.js';

/**
 * Finding 6 (the visitor's words posted as live markup in the support channel) and finding 10
 * (Slack's clock, body and replay edge cases), through the real web server, Bolt in HTTP mode,
 * the handoff dispatcher and a real store: SQLite in one process, Redis shared by two.
 */

const CHANNEL = 'C1';
const SUPPORT = 'C0SUPPORT';

async function serve(fake: FakeSlackApi, storeUrl: string): Promise<Served> {
  const config = loadConfig({
    STORE_URL: storeUrl,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    HANDOFF_SLACK_CHANNEL: SUPPORT,
  });
  const slack = slackStarter({ processBeforeResponse: true, logger: new RecordingLogger(), retryConfig: { retries: 0 } });
  return serveBot(config, { before: (running, app) => slack.start({ config, running, app }) });
}

function deliver(url: string, body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)) {
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(SIGNING_SECRET, timestamp, body) },
    body,
  });
}
const event = (url: string, payload: Record<string, unknown>, timestamp?: number) => deliver(url, JSON.stringify(payload), 'application/json', timestamp);
const form = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** The first button of a posted reply, as a click reports it. */
function firstButton(call: ApiCall | undefined): { action_id: string; value: string } {
  const button = shown(call).blocks.flatMap((block) => (block.type === 'actions' ? block.elements : [])).find((element) => element.type === 'button');
  if (!button || button.type !== 'button') throw new Error('the reply has no button');
  return { action_id: button.action_id ?? '', value: button.value ?? '' };
}

/** `processes`: 1 for a store of one process (SQLite), 2 for one shared by several (Redis): a replay then goes to the other. */
function slackContract(name: string, storeUrl: () => Promise<string>, processes: 1 | 2) {
  describe(`Slack and the support channel, ${name}`, () => {
    let fake: FakeSlackApi;
    let a: Served;
    let b: Served;
    beforeAll(async () => {
      fake = await FakeSlackApi.start();
      const url = await storeUrl();
      a = await serve(fake, url);
      b = processes === 2 ? await serve(fake, url) : a;
    });
    afterAll(async () => {
      await a.close();
      if (b !== a) await b.close();
      await fake.close();
    });

    it('finding 6: posts the visitor\'s <!channel>, <@user> and disguised links to the support channel as plain text', async () => {
      const { sessionId } = await chat(a.url, { text: '<!channel> <@U0ADMIN> my site shows 502, log in at <http://evil.example/reset|Acme SSO portal> to fix it' });
      const handoff = await chat(a.url, { sessionId, action: 'human' });
      expect(handoff.last?.kind).toBe('handoff');
      await vi.waitFor(() => expect(fake.callsTo('chat.postMessage', { channel: SUPPORT }).length).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
      const summary = String(fake.callsTo('chat.postMessage', { channel: SUPPORT }).find((c) => String(c.params.text).includes(sessionId))?.params.text);
      expect(summary).toContain('&lt;!channel&gt; &lt;@U0ADMIN&gt; my site shows 502, log in at &lt;http://evil.example/reset|Acme SSO portal&gt;');
      expect(summary).not.toMatch(/<!channel>|<@U0ADMIN>|<http:\/\/evil/);
    });

    it('finding 10: refuses a timestamp 400 s in the future (401) as it does one 400 s in the past', async () => {
      const payload = eventCallback(mention({ channel: CHANNEL, ts: newTs(), text: 'my site shows 502' }));
      const now = Math.floor(Date.now() / 1000);
      expect((await event(a.url, payload, now + 400)).status).toBe(401);
      expect((await event(a.url, payload, now - 400)).status).toBe(401);
    });

    it('finding 10: answers a signed body that is not an object (null, a list, a number) with 400, not 500', async () => {
      for (const body of ['null', '[]', '42', '"text"']) {
        expect({ body, status: (await deliver(a.url, body, 'application/json')).status }).toEqual({ body, status: 400 });
      }
      expect((await deliver(a.url, form({}).replace(/payload=[^&]*/, 'payload=null'), 'application/x-www-form-urlencoded')).status).toBe(400);
    });

    it('finding 10: handles a captured, signed button click once, however often (and wherever) it is replayed', async () => {
      const ts = newTs();
      expect((await event(a.url, eventCallback(mention({ channel: CHANNEL, ts, text: 'what does 502 bad gateway mean' })))).status).toBe(200);
      const first = fake.thread(CHANNEL, ts)[0];
      const click = form(buttonClick(CHANNEL, ts, tsOf(first), firstButton(first), shown(first).blocks));
      const timestamp = Math.floor(Date.now() / 1000);
      // The first button is a 👍: its thanks joins the clicked message (one chat.update), no new message.
      const handled = () => ({ messages: fake.thread(CHANNEL, ts).length, updates: fake.callsTo('chat.update', { channel: CHANNEL, ts: tsOf(first) }).length });
      expect((await deliver(a.url, click, 'application/x-www-form-urlencoded', timestamp)).status).toBe(200);
      await vi.waitFor(() => expect(handled()).toEqual({ messages: 1, updates: 1 }), { timeout: 5_000, interval: 50 });
      for (const target of [a, b, a]) {
        expect((await deliver(target.url, click, 'application/x-www-form-urlencoded', timestamp)).status).toBe(200);
      }
      expect(handled()).toEqual({ messages: 1, updates: 1 });
    });
  });
}

let redis: RedisServer;
afterAll(async () => {
  await redis?.stop();
});

slackContract('on SQLite', async () => `sqlite:${scratchDir()}/slack.sqlite`, 1);

slackContract('on Redis shared by two server processes', async () => {
  redis = await startRedisServer();
  return redis.url;
}, 2);
