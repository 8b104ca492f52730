import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionStore } from '../core/dialog/session-store.js';
import type { SessionState } from '../core/dialog/state.js';

/** How often expired sessions are swept out of the file. */
const SWEEP_EVERY_MS = 10 * 60_000;

/**
 * The embedded default: one SQLite file in WAL mode, so conversations survive restarts and a
 * reader never waits for a writer. Sessions idle longer than the TTL are treated as gone.
 */
export class SqliteStore implements SessionStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { state: string; updated_at: number }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly sweep: Database.Statement<[number]>;
  private lastSweep = 0;

  constructor(path: string, private readonly ttlMs: number, private readonly now: () => number = Date.now) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated_at);',
    );
    this.select = this.db.prepare('SELECT state, updated_at FROM sessions WHERE id = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    );
    this.sweep = this.db.prepare('DELETE FROM sessions WHERE updated_at < ?');
  }

  async load(id: string): Promise<SessionState | undefined> {
    const row = this.select.get(id);
    if (!row || this.now() - row.updated_at > this.ttlMs) return undefined;
    return JSON.parse(row.state) as SessionState;
  }

  async save(state: SessionState): Promise<void> {
    const now = this.now();
    this.upsert.run(state.id, JSON.stringify(state), state.updatedAt);
    if (now - this.lastSweep > SWEEP_EVERY_MS && Number.isFinite(this.ttlMs)) {
      this.lastSweep = now;
      this.sweep.run(now - this.ttlMs);
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
