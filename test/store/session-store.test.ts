import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newSession } from '../../src/core/dialog/state.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { scratchDir } from '../helpers/cli.js';
import { redisForSuite, HOUR, memoryKind, readyRedisClient, redisKind, sqliteKind, TTL, type StoreKind } from './helpers/stores.js';

const redis = redisForSuite();

/** The contract every session store keeps. */
function storeContract({ name, open }: StoreKind) {
  describe(`${name} session store`, () => {
    it('gives back what was saved, and nothing for an unknown id', async () => {
      let now = 1_000;
      const store = await open(() => now);
      const state = newSession('s1', now);
      state.facts.role = { value: 'owner', source: 'button', strength: 1 };
      state.transcript.push({ from: 'person', text: 'héllo ✓ 💥', at: now });
      await store.save(state);
      now += 10;
      expect(await store.load('s1')).toEqual(state);
      expect(await store.load('nope')).toBeUndefined();
      await store.close();
    });

    it('forgets a session idle for longer than the TTL', async () => {
      let now = 0;
      const store = await open(() => now);
      await store.save({ ...newSession('idle', now), updatedAt: now });
      now = TTL - 1;
      expect(await store.load('idle')).toBeDefined();
      now = TTL + 1;
      expect(await store.load('idle')).toBeUndefined();
      await store.close();
    });

    it('overwrites a session on save', async () => {
      const store = await open(() => 0);
      const state = newSession('s2', 0);
      await store.save(state);
      state.asked.push('role');
      await store.save(state);
      expect((await store.load('s2'))?.asked).toEqual(['role']);
      await store.close();
    });
  });
}

storeContract(memoryKind());
storeContract(sqliteKind());
storeContract(sqliteKind(true));
storeContract(redisKind(() => redis().url));

describe('sqlite specifics', () => {
  it('survives a restart and runs in WAL mode', async () => {
    const path = join(scratchDir(), 'sessions.sqlite');
    const first = new SqliteStore(path, HOUR);
    await first.save(newSession('kept', Date.now()));
    await first.close();
    const second = new SqliteStore(path, HOUR);
    expect((await second.load('kept'))?.id).toBe('kept');
    await second.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('copies the log into the database file while open, without waiting for SQLite\'s own threshold', async () => {
    const path = join(scratchDir(), 'checkpointed.sqlite');
    const store = new SqliteStore(path, HOUR, Date.now, undefined, undefined, true);
    const emptySize = statSync(path).size;
    // A few hundred pages of log: below SQLite's own threshold, so only the checkpoint thread copies them.
    for (let i = 0; i < 50; i++) await store.save({ ...newSession(`s${i}`, Date.now()), lastReply: 'x'.repeat(3_000) });
    await expect.poll(() => statSync(path).size, { timeout: 5_000, interval: 50 }).toBeGreaterThan(emptySize + 50 * 3_000);
    // Another connection, as a restarted process would open it, sees every acknowledged save.
    const other = new Database(path, { readonly: true });
    expect(other.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 50 });
    other.close();
    await store.close();
  });
});

describe('redis specifics', () => {
  it('stores a session as one JSON string that expires in Redis when its TTL runs out', async () => {
    const client = await readyRedisClient(redis().url);
    const store = new RedisStore(await readyRedisClient(redis().url), { ttlMs: TTL, prefix: 'ttl:' });
    const state = newSession('expiring', Date.now());
    await store.save(state);
    const pttl = await client.pttl('ttl:session:expiring');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(TTL);
    expect(JSON.parse((await client.get('ttl:session:expiring')) ?? '')).toEqual(state);
    await store.close();
  });

  it('shares sessions between two processes\' stores on the same Redis', async () => {
    const a = new RedisStore(await readyRedisClient(redis().url), { ttlMs: TTL, prefix: 'two:' });
    const b = new RedisStore(await readyRedisClient(redis().url), { ttlMs: TTL, prefix: 'two:' });
    const state = newSession('both', Date.now());
    await a.save(state);
    expect(await b.load('both')).toEqual(state);
    await a.close();
    await b.close();
  });
});
