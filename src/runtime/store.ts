import type { SessionStore } from '../core/dialog/session-store.js';
import { MemoryStore } from '../store/memory-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { ConfigError, type Config } from './config.js';

/** Opens the session store STORE_URL names. */
export function openStore(config: Pick<Config, 'STORE_URL' | 'SESSION_TTL_MINUTES'>): SessionStore {
  const ttl = config.SESSION_TTL_MINUTES * 60_000;
  const url = config.STORE_URL;
  if (url === 'memory:') return new MemoryStore(ttl);
  if (url.startsWith('sqlite:')) return new SqliteStore(url.slice('sqlite:'.length), ttl);
  throw new ConfigError(`STORE_URL ${url.split('@').pop()}: a Redis store is not part of this build yet; use sqlite:PATH`);
}
