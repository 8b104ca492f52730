import type Database from 'better-sqlite3';
/** The links between conversations and their support threads, in SQLite (the store's SupportThreads). */
export class SqliteThreads {
  private readonly link: Database.Statement<[string, string, number]>;
  private readonly bySession: Database.Statement<[string], { thread: string }>;
  private readonly byThread: Database.Statement<[string], { session_id: string }>;
  private readonly sweepBefore: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS support_threads (session_id TEXT PRIMARY KEY, thread TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;' +
        'CREATE INDEX IF NOT EXISTS support_threads_thread ON support_threads (thread);' +
        'CREATE INDEX IF NOT EXISTS support_threads_at ON support_threads (at);',
    );
    this.link = db.prepare('INSERT INTO support_threads (session_id, thread, at) VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET thread = excluded.thread, at = excluded.at');
    this.bySession = db.prepare('SELECT thread FROM support_threads WHERE session_id = ?');
    this.byThread = db.prepare('SELECT session_id FROM support_threads WHERE thread = ? ORDER BY at DESC LIMIT 1');
    this.sweepBefore = db.prepare('DELETE FROM support_threads WHERE at < ?');
  }

  /** Call inside a write transaction. */
  add(sessionId: string, thread: string, at: number): void {
    this.link.run(sessionId, thread, at);
  }

  sessionOf(thread: string): string | undefined {
    return this.byThread.get(thread)?.session_id;
  }

  threadOf(sessionId: string): string | undefined {
    return this.bySession.get(sessionId)?.thread;
  }

  sweep(before: number): void {
    this.sweepBefore.run(before);
  }
}
