import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

// ioredis is loaded only when a Redis store is configured: it costs a tenth of a second to load.
const loadIoredis = () => (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;

/** How long one Redis command may take before the turn goes on without it. */
const COMMAND_TIMEOUT_MS = 2_000;

/**
 * A Redis client that fails fast instead of queueing: once it has been connected, every command
 * rejects at once while Redis is away (the bot then answers without its memory), and the client
 * keeps reconnecting in the background, at least every 2 s. Before the first connection commands
 * wait for it, at most COMMAND_TIMEOUT_MS: a server that just started may already take requests.
 * Its 'error' events go to `onError`, so none is unhandled.
 */
export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  const RedisClient = loadIoredis();
  const client = new RedisClient(url, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // ioredis reads this option on every command.
  client.once('ready', () => (client.options.enableOfflineQueue = false));
  client.on('error', onError);
  return client;
}

/** Resolves once the client can take commands; rejects after `timeoutMs` with where it tried. */
export function redisReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis at ${client.options.host}:${client.options.port} is not reachable`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}
