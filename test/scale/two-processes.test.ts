import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../src/analytics/report.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { runCli } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { disconnectRedisClients, readyRedisClient, TTL } from '../store/helpers/stores.js';
import { chat, startServe, storedMessages, type ServeProcess } from './helpers/serve.js';

const LOST_CONTEXT = /may have lost the earlier part of our conversation/;
const QUESTION = 'getting a 502 bad gateway';

/** Two `updoc serve` processes sharing one real Redis, as two instances behind a load balancer would. */
describe('two updoc serve processes sharing Redis', () => {
  let redis: RedisServer;
  let a: ServeProcess;
  let b: ServeProcess;
  beforeAll(async () => {
    redis = await startRedisServer({ appendOnly: true });
    [a, b] = await Promise.all([startServe({ STORE_URL: redis.url }), startServe({ STORE_URL: redis.url })]);
  });
  afterEach(() => {
    expect(a.alive() && b.alive(), 'no server process crashed').toBe(true);
  });
  afterAll(async () => {
    await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
    await redis.stop();
  });

  it('continues one conversation across both: asked on A, answered on B, the follow-up comes from B', async () => {
    const first = await chat(a, { text: QUESTION });
    expect(first.status).toBe(200);
    expect(first.last?.kind).toBe('answer');

    const second = await chat(b, { sessionId: first.sessionId, text: "it's my own site" });
    expect(second.status).toBe(200);
    expect(second.last?.text).not.toMatch(LOST_CONTEXT);
    expect(second.last?.text).toMatch(/your own site/i);
    expect(second.last?.actions.some((x) => x.id.startsWith('fact:upstream:'))).toBe(true);
    expect(await storedMessages(a, first.sessionId)).toHaveLength(4);
  });

  it('keeps answering while Redis is down, says the context may be lost, and stores the conversation again once Redis is back', async () => {
    const opened = await chat(a, { text: QUESTION });
    await redis.stop();

    for (const server of [b, a]) {
      const during = await chat(server, { sessionId: opened.sessionId, text: "it's my own site" });
      expect(during.status).toBe(200);
      expect(during.last?.text).toMatch(LOST_CONTEXT);
    }
    const fresh = await chat(b, { text: QUESTION });
    expect(fresh.status).toBe(200);

    await redis.start();
    await vi.waitFor(
      async () => {
        const after = await chat(b, { sessionId: opened.sessionId, text: "it's my own site" });
        expect(after.status).toBe(200);
        expect(after.last?.text).not.toMatch(LOST_CONTEXT);
      },
      { timeout: 20_000, interval: 250 },
    );
    const messages = await storedMessages(a, opened.sessionId);
    expect(messages).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'person', text: "it's my own site" })]));
    for (const server of [a, b]) expect(server.stderr().match(/^updoc: store unreachable/gm) ?? []).toHaveLength(1);
  });
});

describe('kill -9 of a server process right after acknowledged feedback and a handoff', () => {
  let redis: RedisServer;
  let server: ServeProcess;
  beforeAll(async () => {
    redis = await startRedisServer({ appendOnly: true });
    // A handoff is only taken where someone can read it; nothing listens here, so it stays pending.
    server = await startServe({ STORE_URL: redis.url, HANDOFF_WEBHOOK_URL: 'http://127.0.0.1:9/handoff' });
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    disconnectRedisClients();
    await redis.stop();
  });

  it('loses neither: both are in the store and in `updoc report`', async () => {
    const opened = await chat(server, { text: 'connect() failed (111: Connection refused) while connecting to upstream' });
    expect((await chat(server, { sessionId: opened.sessionId, action: 'feedback:up' })).status).toBe(200);
    const handoff = await chat(server, { sessionId: opened.sessionId, action: 'human' });
    expect(handoff.status).toBe(200);
    expect(handoff.last?.kind).toBe('handoff');
    await server.kill('SIGKILL');

    const store = new RedisStore(await readyRedisClient(redis.url), { ttlMs: TTL });
    const kept = await store.activitySince(0);
    expect(kept.feedback.map((f) => [f.sessionId, f.value])).toEqual([[opened.sessionId, 'up']]);
    expect(kept.handoffs.map((h) => h.sessionId)).toEqual([opened.sessionId]);
    expect((await store.pendingHandoffs(10)).map((h) => h.packet.sessionId)).toEqual([opened.sessionId]);

    const result = await runCli(['report', '--json', '--since', '1h'], { env: { STORE_URL: redis.url } });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.feedback.up).toBe(1);
    expect(report.handoffs).toBe(1);
    expect(report.resolved).toBe(1);
  });
});

describe('rate limits counted in Redis', () => {
  let redis: RedisServer;
  let servers: ServeProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    servers = await Promise.all([0, 1].map(() => startServe({ STORE_URL: redis.url, RATE_LIMIT_PER_MINUTE: '4' })));
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.kill('SIGTERM')));
    await redis.stop();
  });

  it('limits a client across both processes together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const server = servers[i % 2] as ServeProcess;
      statuses.push((await fetch(`${server.url}/api/sessions/no-such-session-${i}`)).status);
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
  });
});
