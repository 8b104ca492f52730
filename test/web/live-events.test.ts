import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Running } from '../../src/runtime/bot.js';
import { loadConfig } from '../../src/runtime/config.js';
import { startWebServers } from '../../src/runtime/web.js';
import { RedisHub } from '../../src/store/redis-hub.js';
import type { OutOfTurnMessage } from '../../src/core/ports.js';
import { FakeSlackApi } from '../slack/fakes/fake-slack-api.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../slack/support.js';
import { readyRedisClient, redisForSuite } from '../store/helpers/stores.js';
import type { FastifyInstance } from 'fastify';

interface Event {
  event: string;
  data: unknown;
}

/** Reads a text/event-stream until `count` events have come (comments skipped), then stops reading. */
async function eventsOf(response: Response, count: number): Promise<Event[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: Event[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
      const data = field('data');
      if (data !== undefined) events.push({ event: field('event') ?? 'message', data: JSON.parse(data) as unknown });
    }
  }
  await reader.cancel();
  return events;
}

describe("a conversation's out-of-turn messages at /api/sessions/:id/events", () => {
  let slack: FakeSlackApi;
  let running: Running;
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    slack = await FakeSlackApi.start();
    const config = loadConfig({ STORE_URL: 'memory:', HANDOFF_SLACK_CHANNEL: 'C0SUPPORT', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.url });
    running = startBot(config, undefined, { servesChannels: true, log: () => undefined });
    ({ app } = await startWebServers(config, running, false));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await running.close();
    await slack.close();
  });

  async function handedOver(): Promise<string> {
    const chat = (body: object) => fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ sessionId: string }>);
    const { sessionId } = await chat({ text: 'my shop on nginx shows 502 bad gateway' });
    await chat({ sessionId, action: 'human', contact: { email: 'ada@example.com' } });
    return sessionId;
  }

  it('starts with the stored messages after `after`, then sends each new one as it comes', async () => {
    const sessionId = await handedOver();
    expect(await running.bot.staffMessage(sessionId, { text: 'Looking at it now.', author: 'Alex' })).toEqual({ status: 'delivered' });

    const stream = await fetch(`${url}/api/sessions/${sessionId}/events?after=1`, { headers: { accept: 'text/event-stream' } });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = eventsOf(stream, 2);
    // The joined note (1) was seen already; the staff reply (2) is stored; the next (3) comes live.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await running.bot.staffMessage(sessionId, { text: 'Fixed: try again.', author: 'Alex' });
    expect(await reading).toEqual([
      { event: 'messages', data: [{ from: 'staff', text: 'Looking at it now.', author: 'Alex', seq: 2 }] },
      { event: 'messages', data: [{ from: 'staff', text: 'Fixed: try again.', author: 'Alex', seq: 3 }] },
    ]);

    const restored = (await (await fetch(`${url}/api/sessions/${sessionId}`)).json()) as { handoff: string; messages: { from: string; seq?: number }[] };
    expect(restored.handoff).toBe('open');
    expect(restored.messages.filter((m) => m.seq !== undefined).map((m) => [m.from, m.seq])).toEqual([['bot', 1], ['staff', 2], ['staff', 3]]);
  });

  it('refuses an unknown conversation, a bad `after` and a contact that is not an email, with their reasons', async () => {
    const unknown = await fetch(`${url}/api/sessions/00000000-0000-4000-8000-000000000000/events`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_session');
    const sessionId = await handedOver();
    expect((await fetch(`${url}/api/sessions/${sessionId}/events?after=-1`)).status).toBe(400);
    const badContact = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi', contact: { email: 'not an address' } }) });
    expect(badContact.status).toBe(400);
    expect(((await badContact.json()) as { error: { message: string } }).error.message).toMatch(/contact\.email/);
  });
});

describe('the live hub over Redis', () => {
  const redis = redisForSuite();

  it("carries a message published by one process to another's listener, and stops when it unsubscribes", async () => {
    const [one, two] = [new RedisHub(await readyRedisClient(redis().url)), new RedisHub(await readyRedisClient(redis().url))];
    const heard: OutOfTurnMessage[][] = [];
    const stop = await two.subscribe('s1', (messages) => heard.push(messages));
    const message: OutOfTurnMessage = { from: 'staff', author: 'Alex', text: 'hello', seq: 1 };
    await one.publish('s1', [message]);
    await one.publish('s2', [{ ...message, text: 'for someone else' }]);
    await expect.poll(() => heard).toEqual([[message]]);
    stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await one.publish('s1', [{ ...message, seq: 2 }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toHaveLength(1);
    await Promise.all([one.close(), two.close()]);
  });
});
