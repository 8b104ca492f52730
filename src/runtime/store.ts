import type { Redis } from 'ioredis';
import { MemoryStore } from '../store/memory-store.js';
import { connectRedis } from '../store/redis-client.js';
import { RedisStore } from '../store/redis-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { DAY_MS, type Store } from '../store/store.js';
import type { Config } from './config.js';
import type { OutageLog } from './outage-log.js';

export type StoreConfig = Pick<Config, 'STORE_URL' | 'SESSION_TTL_MINUTES' | 'RETENTION_DAYS' | 'MAX_STORED_TURNS'>;

/** What the store outage is called in the log: one outage, whichever part noticed it. */
export const STORE = 'store';

/**
 * Opens the store STORE_URL names. A Redis store reports losing and regaining its connection to
 * `outages`; a serving process's SQLite store writes sessions and turns from a thread of its own.
 */
export function openStore(config: StoreConfig, outages: OutageLog, serving = false): Store {
  const ttl = config.SESSION_TTL_MINUTES * 60_000;
  const retention = config.RETENTION_DAYS * DAY_MS;
  const url = config.STORE_URL;
  const maxTurns = config.MAX_STORED_TURNS;
  if (url === 'memory:') return new MemoryStore(ttl, Date.now, retention, maxTurns);
  if (url.startsWith('sqlite:')) return new SqliteStore(url.slice('sqlite:'.length), ttl, Date.now, retention, maxTurns, serving);
  const client = connectRedis(url, (error) => outages.failed(STORE, `Redis: ${error.message}`));
  client.on('ready', () => outages.recovered(STORE));
  return new RedisStore(client, { ttlMs: ttl, retentionMs: retention, maxTurns });
}

/** The Redis connection behind a shared store, for what several processes must count together. */
export function sharedRedis(store: Store): Redis | undefined {
  return store instanceof RedisStore ? store.client : undefined;
}
