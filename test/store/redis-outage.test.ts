import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newSession } from '../../src/core/dialog/state.js';
import { startBot, type Running } from '../../src/runtime/bot.js';
import { loadConfig } from '../../src/runtime/config.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { turn } from './helpers/records.js';
import { disconnectRedisClients, readyRedisClient, redisForSuite, TTL } from './helpers/stores.js';

const LOST_CONTEXT = /may have lost the earlier part of our conversation/;

describe('a Redis store while Redis is away', () => {
  const redis = redisForSuite();

  it('fails each command at once instead of queueing it, and works again once Redis is back', async () => {
    const store = new RedisStore(await readyRedisClient(redis().url), { ttlMs: TTL, prefix: 'away:' });
    await redis().stop();
    await expect(store.load('any')).rejects.toThrow();
    await expect(store.save(newSession('any', Date.now()))).rejects.toThrow();
    await expect(store.recordTurn(turn(Date.now()))).rejects.toThrow();
    await redis().start();
    await vi.waitFor(() => store.save(newSession('back', Date.now())), { timeout: 15_000, interval: 100 });
    expect((await store.load('back'))?.id).toBe('back');
  });
});

describe('updoc on a Redis store that goes away and comes back', () => {
  let redis: RedisServer;
  let running: Running;
  const log: string[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    running = startBot(loadConfig({ STORE_URL: redis.url }), undefined, { log: (line) => log.push(line) });
    await vi.waitFor(() => running.store.load('warm-up'), { timeout: 10_000, interval: 50 });
  });
  afterAll(async () => {
    await running.close();
    await redis.stop();
  });

  it('keeps answering each message on its own, says so, logs the outage once, and stores again when Redis is back', async () => {
    const [before] = await running.bot.handleTurn('outage-1', { text: 'what does 502 bad gateway mean' });
    expect(before?.text).not.toMatch(LOST_CONTEXT);
    expect(await running.store.load('outage-1')).toBeDefined();

    await redis.stop();
    for (const text of ['what does 502 bad gateway mean', "it's my own site", 'nginx says connection refused']) {
      const replies = await running.bot.handleTurn('outage-1', { text });
      expect(replies.at(-1)?.text).toMatch(LOST_CONTEXT);
    }
    expect(log.filter((line) => line.includes('unreachable'))).toHaveLength(1);

    await redis.start();
    await vi.waitFor(() => expect(log.some((line) => line.includes('reachable again'))).toBe(true), { timeout: 15_000, interval: 100 });
    const [after] = await running.bot.handleTurn('outage-2', { text: 'what does 502 bad gateway mean' });
    expect(after?.text).not.toMatch(LOST_CONTEXT);
    expect((await running.store.load('outage-2'))?.transcript).toHaveLength(2);
    expect(log.filter((line) => line.includes('unreachable'))).toHaveLength(1);
  });
});
