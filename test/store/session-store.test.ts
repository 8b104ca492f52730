import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/core/dialog/session-store.js';
import { newSession } from '../../src/core/dialog/state.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { scratchDir } from '../helpers/cli.js';

const HOUR = 3_600_000;

/** The contract every session store keeps; a shared store added later runs the same checks. */
function storeContract(name: string, open: (now: () => number) => SessionStore) {
  describe(`${name} session store`, () => {
    it('gives back what was saved, and nothing for an unknown id', async () => {
      let now = 1_000;
      const store = open(() => now);
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
      const store = open(() => now);
      await store.save({ ...newSession('idle', now), updatedAt: now });
      now = 2 * HOUR - 1;
      expect(await store.load('idle')).toBeDefined();
      now = 2 * HOUR + 1;
      expect(await store.load('idle')).toBeUndefined();
      await store.close();
    });

    it('overwrites a session on save', async () => {
      const store = open(() => 0);
      const state = newSession('s2', 0);
      await store.save(state);
      state.asked.push('role');
      await store.save(state);
      expect((await store.load('s2'))?.asked).toEqual(['role']);
      await store.close();
    });
  });
}

storeContract('memory', (now) => new MemoryStore(2 * HOUR, now));
storeContract('sqlite', (now) => new SqliteStore(join(scratchDir(), 'db', 's.sqlite'), 2 * HOUR, now));

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
});
