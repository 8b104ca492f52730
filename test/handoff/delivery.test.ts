import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HandoffDispatcher, type DeliveryLog, type HandoffTarget } from '../../src/handoff/dispatcher.js';
import { slackTarget } from '../../src/handoff/slack-target.js';
import { webhookTarget } from '../../src/handoff/webhook-target.js';
import { startBot } from '../../src/runtime/bot.js';
import { loadConfig } from '../../src/runtime/config.js';
import { MemoryDeduplicator, type Deduplicator } from '../../src/store/deduplicator.js';
import { RedisDeduplicator } from '../../src/store/redis-deduplicator.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { newSession } from '../../src/core/dialog/state.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeSlackApi } from '../slack/fakes/fake-slack-api.js';
import { scratchDir } from '../helpers/cli.js';
import { freePort } from '../helpers/redis-server.js';
import { handoff } from '../store/helpers/records.js';
import { readyRedisClient, redisForSuite, TTL } from '../store/helpers/stores.js';
import { startReceiver } from './helpers/receiver.js';

const QUIET: DeliveryLog = { failed: () => undefined, recovered: () => undefined, line: () => undefined };
/** Short waits, so retries happen within a test; an attempt still has ample time. */
const FAST = { attemptTimeoutMs: 2_000, retryBaseMs: 20, retryMaxMs: 100, pollMs: 100 };

function dispatcher(store: Store, targets: HandoffTarget[], leases: Deduplicator = new MemoryDeduplicator()) {
  return new HandoffDispatcher({ outbox: store, leases, targets, log: QUIET, ...FAST });
}

const sqliteStore = () => new SqliteStore(join(scratchDir(), 'handoffs.sqlite'), TTL);

describe('handoff delivery', () => {
  it('posts the packet of a person who asked for a person to the webhook, and empties the outbox', async () => {
    const receiver = await startReceiver();
    const store = sqliteStore();
    const running = startBot(loadConfig({ HANDOFF_WEBHOOK_URL: `${receiver.url}/handoff` }), store);
    await running.bot.handleTurn('wants-a-person', { text: 'my shop shows 502 bad gateway from nginx' });
    const [reply] = await running.bot.handleTurn('wants-a-person', { action: 'human' });
    expect(reply?.kind).toBe('handoff');

    await vi.waitFor(() => expect(receiver.accepted).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const { path, headers, body } = receiver.accepted[0] ?? { path: '', headers: {}, body: {} };
    expect(path).toBe('/handoff');
    expect(body).toMatchObject({ sessionId: 'wants-a-person', diagnosis: { vendor: 'nginx' } });
    expect(body.transcript).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'person', text: 'my shop shows 502 bad gateway from nginx' })]));
    expect(headers['idempotency-key']).toBe(body.id);
    await vi.waitFor(async () => expect(await store.pendingHandoffs(10)).toEqual([]), { timeout: 10_000, interval: 20 });
    await running.close();
    await receiver.close();
  });

  it('retries a webhook that fails twice, and it gets the packet exactly once', async () => {
    const receiver = await startReceiver((n) => ({ status: n < 2 ? 503 : 200 }));
    const store = sqliteStore();
    await store.recordHandoff(handoff(Date.now(), 'flaky'));
    const delivery = dispatcher(store, [webhookTarget(receiver.url)]);
    delivery.start();
    await vi.waitFor(async () => expect(await store.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 20 });
    await delivery.stop();
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.accepted.map((r) => r.body.sessionId)).toEqual(['flaky']);
    await store.close();
    await receiver.close();
  });

  it('sends what was left undelivered before a restart', async () => {
    const path = join(scratchDir(), 'restart.sqlite');
    const port = await freePort();
    const config = loadConfig({ STORE_URL: `sqlite:${path}`, HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${port}/handoff` });

    const log: string[] = [];
    const before = startBot(config, undefined, { log: (line) => log.push(line) });
    await before.bot.handleTurn('left-behind', { text: 'my shop shows 502 bad gateway' });
    await before.bot.handleTurn('left-behind', { action: 'human' });
    await vi.waitFor(() => expect(log.join('\n')).toContain('handoff webhook unreachable'));
    await before.close();
    const left = new SqliteStore(path, TTL);
    expect(await left.pendingHandoffs(10)).toHaveLength(1);
    await left.close();

    const receiver = await startReceiver(() => ({ status: 200 }), port);
    const after = startBot(config);
    await vi.waitFor(() => expect(receiver.accepted).toHaveLength(1), { timeout: 10_000, interval: 20 });
    expect(receiver.accepted[0]?.body.sessionId).toBe('left-behind');
    await after.close();
    await receiver.close();
  });

  it('posts a summary to the Slack channel with the bot token, retrying while Slack says no', async () => {
    const slack = await startReceiver((n) => (n === 0 ? { status: 200, body: { ok: false, error: 'ratelimited' } } : { status: 200, body: { ok: true } }));
    const store = sqliteStore();
    await store.recordHandoff(handoff(Date.now(), 'to-slack'));
    const delivery = dispatcher(store, [slackTarget({ token: 'xoxb-test-token', channel: 'C0123ABCD', apiUrl: `${slack.url}/api/` })]);
    delivery.start();
    await vi.waitFor(async () => expect(await store.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 20 });
    await delivery.stop();
    expect(slack.requests).toHaveLength(2);
    const { path, headers, body } = slack.requests[1] ?? { path: '', headers: {}, body: {} };
    expect(path).toBe('/api/chat.postMessage');
    expect(headers.authorization).toBe('Bearer xoxb-test-token');
    expect(body.channel).toBe('C0123ABCD');
    expect(body.text).toContain('to-slack');
    expect(body.text).toContain('vendor nginx');
    expect(body.text).toContain('my site says 502');
    await store.close();
    await slack.close();
  });

  it("opens the conversation's support thread: linked both ways, the whole transcript and what the person wrote meanwhile posted in it", async () => {
    const slack = await FakeSlackApi.start();
    const store = new MemoryStore();
    const at = Date.now();
    const packet = handoff(at, 'threaded');
    packet.transcript = Array.from({ length: 8 }, (_, i) => ({ from: i % 2 ? ('bot' as const) : ('person' as const), text: `message ${i} <!here>`, at }));
    const state = newSession('threaded', at);
    state.transcript.push({ from: 'person', text: 'written while the summary waited\nsecond line', at: at + 5 });
    await store.save(state);
    await store.recordHandoff(packet);
    const delivery = dispatcher(store, [slackTarget({ token: 'xoxb-t', channel: 'C0SUPPORT', apiUrl: slack.url, answeredHere: { threads: store, sessions: store } })]);
    delivery.start();
    await vi.waitFor(async () => expect(await store.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 20 });
    await delivery.stop();
    const [summary, ...thread] = slack.callsTo('chat.postMessage');
    const ts = String(summary?.answer.ts);
    expect(await store.sessionOfThread(`C0SUPPORT:${ts}`)).toBe('threaded');
    expect(await store.threadOfSession('threaded')).toBe(`C0SUPPORT:${ts}`);
    expect(thread.map((c) => c.params.thread_ts)).toEqual([ts, ts]);
    expect(String(thread[0]?.params.text)).toMatch(/^\*The whole conversation\* \(8 messages\):\n> \*person:\* message 0 &lt;!here&gt;/);
    expect(thread[1]?.params.text).toBe('> *person:* written while the summary waited\n> second line');
    await slack.close();
  });

  it('delivers to every target, each once, and keeps the handoff until all took it', async () => {
    const webhook = await startReceiver();
    const slack = await startReceiver((n) => (n === 0 ? { status: 500 } : { status: 200, body: { ok: true } }));
    const store = sqliteStore();
    await store.recordHandoff(handoff(Date.now(), 'both'));
    const delivery = dispatcher(store, [webhookTarget(webhook.url), slackTarget({ token: 'xoxb-t', channel: '#support', apiUrl: `${slack.url}/api` })]);
    delivery.start();
    await vi.waitFor(async () => expect(await store.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 20 });
    await delivery.stop();
    expect(webhook.accepted).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    expect(slack.accepted).toHaveLength(1);
    await Promise.all([store.close(), webhook.close(), slack.close()]);
  });
});

describe('handoff delivery from two processes sharing Redis', () => {
  const redis = redisForSuite();

  it('sends each packet once, whichever process picks it up', async () => {
    const receiver = await startReceiver();
    const stores: Store[] = [];
    for (let i = 0; i < 2; i += 1) stores.push(new RedisStore(await readyRedisClient(redis().url), { ttlMs: TTL, prefix: 'pair:' }));
    for (let i = 0; i < 5; i += 1) await stores[0]?.recordHandoff(handoff(Date.now(), `pair-${i}`));
    const dispatchers = [];
    for (const store of stores) dispatchers.push(dispatcher(store, [webhookTarget(receiver.url)], new RedisDeduplicator(await readyRedisClient(redis().url), 'pair:seen:')));
    for (const d of dispatchers) d.start();
    await vi.waitFor(async () => expect(await stores[1]?.pendingHandoffs(10)).toEqual([]), { timeout: 20_000, interval: 20 });
    await Promise.all(dispatchers.map((d) => d.stop()));
    expect(receiver.accepted.map((r) => r.body.sessionId).sort()).toEqual(['pair-0', 'pair-1', 'pair-2', 'pair-3', 'pair-4']);
    await receiver.close();
  });
});
