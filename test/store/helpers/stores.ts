import { startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { connectRedis, redisReady } from '../../../src/store/redis-client.js';
import { RedisStore } from '../../../src/store/redis-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { scratchDir } from '../../helpers/cli.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const TTL = 2 * HOUR;

export interface StoreLimits {
  maxTurns?: number;
}

/** Opens a store with a test clock; `reopen` opens the same data again, for stores that outlive a process. */
export interface StoreKind {
  name: string;
  open(now: () => number, limits?: StoreLimits): Promise<Store>;
  durable?: { openShared(now: () => number): Promise<{ first: Store; reopen(): Promise<Store> }> };
}

let prefixes = 0;
const clients: Redis[] = [];

/** A Redis client connected and ready: commands fail at once instead of queueing while it is not. */
export async function readyRedisClient(url: string): Promise<Redis> {
  const client = connectRedis(url, () => undefined);
  clients.push(client);
  await redisReady(client, 10_000);
  return client;
}

/** Closes every client a test file opened (before its Redis stops, so none keeps reconnecting). */
export function disconnectRedisClients(): void {
  for (const client of clients.splice(0)) client.disconnect();
}

export function memoryKind(): StoreKind {
  return { name: 'memory', open: async (now, limits = {}) => new MemoryStore(TTL, now, undefined, limits.maxTurns) };
}

/** SQLite as a one-off command opens it, or as a server does (`writerThread`: sessions and turns written from a thread). */
export function sqliteKind(writerThread = false): StoreKind {
  return {
    name: writerThread ? 'sqlite (writer thread)' : 'sqlite',
    open: async (now, limits = {}) => new SqliteStore(join(scratchDir(), 'db', 's.sqlite'), TTL, now, undefined, limits.maxTurns, writerThread),
    durable: {
      openShared: async (now) => {
        const path = join(scratchDir(), 'shared.sqlite');
        const open = () => new SqliteStore(path, TTL, now, undefined, undefined, writerThread);
        return { first: open(), reopen: async () => open() };
      },
    },
  };
}

/** Each store gets its own key prefix on the one test Redis (`url()` is known once it runs). */
export function redisKind(url: () => string): StoreKind {
  const open = async (now: () => number, prefix = `test${++prefixes}:`, limits: StoreLimits = {}) =>
    new RedisStore(await readyRedisClient(url()), { ttlMs: TTL, now, prefix, ...limits });
  return {
    name: 'redis',
    open: (now, limits) => open(now, undefined, limits),
    durable: {
      openShared: async (now) => {
        const prefix = `shared${++prefixes}:`;
        return { first: await open(now, prefix), reopen: () => open(now, prefix) };
      },
    },
  };
}

/**
 * A real redis-server for the surrounding suite, started before its tests and stopped (with
 * every client) after them. Call it at suite level; the returned function gives the server.
 */
export function redisForSuite(): () => RedisServer {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    disconnectRedisClients();
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error('redis-server is not running: redisForSuite() must be called at suite level');
    return redis;
  };
}
