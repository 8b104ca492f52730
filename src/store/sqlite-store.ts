import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SessionState } from '../core/dialog/state.js';
import type { FeedbackRecord, HandoffPacket, TurnRecord } from '../core/ports.js';
import { SqliteOnce } from './sqlite-once.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { addRecordSql, SqliteRecords } from './sqlite-records.js';
import { SqliteWriter } from './sqlite-writer.js';
import { SqliteThreads } from './sqlite-threads.js';
import { DEFAULT_MAX_TURNS, DEFAULT_RETENTION_MS, feedbackKey, SweepSchedule, type ActivityRecords, type PendingHandoff, type Store } from './store.js';

/** SQLite's own checkpoint threshold, in pages of log, while no thread of ours checkpoints. */
const COMMITTER_CHECKPOINTS = 1_000;
/** While the writer thread runs, this connection checkpoints only if the log outgrows this (about 40 MB). */
const BACKSTOP_CHECKPOINTS = 10_000;
const SAVE_SESSION =
  'INSERT INTO sessions (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at';

/**
 * The embedded default: one SQLite file in WAL mode, so conversations survive restarts and a
 * reader never waits for a writer. Sessions idle longer than the TTL are treated as gone; turns,
 * feedback and handoffs are kept for the retention. A record is committed before the call
 * returns: a crash of the process right after loses nothing.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { state: string; updated_at: number }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly sweepSessions: Database.Statement<[number]>;
  private readonly turns: SqliteRecords<TurnRecord>;
  private readonly feedback: SqliteRecords<FeedbackRecord>;
  private readonly rated: SqliteOnce;
  private readonly handoffs: SqliteRecords<HandoffPacket>;
  private readonly outbox: SqliteOutbox;
  private readonly threads: SqliteThreads;
  private batch: { write: () => void; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private readonly sweeps: SweepSchedule;
  /** A server's sessions and turns are written from a thread of their own, started with the first write. */
  private writer?: SqliteWriter;

  constructor(
    private readonly path: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly maxTurns = DEFAULT_MAX_TURNS,
    /**
     * A server's: sessions and turns are written, and checkpoints run, on a thread of their own;
     * otherwise this connection does it all (a one-off command), as SQLite does by default.
     */
    private readonly writerThread = false,
  ) {
    this.sweeps = new SweepSchedule(now);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at INTEGER NOT NULL);' +
        'CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated_at);',
    );
    this.select = this.db.prepare('SELECT state, updated_at FROM sessions WHERE id = ?');
    this.upsert = this.db.prepare(SAVE_SESSION);
    this.sweepSessions = this.db.prepare('DELETE FROM sessions WHERE updated_at < ?');
    this.turns = new SqliteRecords(this.db, 'turns');
    this.feedback = new SqliteRecords(this.db, 'feedback');
    this.rated = new SqliteOnce(this.db, 'feedback_keys');
    this.handoffs = new SqliteRecords(this.db, 'handoffs');
    this.outbox = new SqliteOutbox(this.db);
    this.threads = new SqliteThreads(this.db);
  }

  async load(id: string): Promise<SessionState | undefined> {
    const row = this.select.get(id);
    if (!row || this.now() - row.updated_at > this.ttlMs) return undefined;
    return JSON.parse(row.state) as SessionState;
  }

  save(state: SessionState): Promise<void> {
    const json = JSON.stringify(state);
    const writer = this.writing();
    if (writer) return writer.saveSession(state.id, json, state.updatedAt);
    return this.commit(() => this.upsert.run(state.id, json, state.updatedAt));
  }

  async close(): Promise<void> {
    this.flush();
    await this.writer?.stop();
    if (this.db.open) this.db.close();
  }

  recordTurn(record: TurnRecord): Promise<void> {
    const writer = this.writing();
    if (writer) return writer.addTurn(record.at, JSON.stringify(record));
    return this.commit(() => this.turns.add(record));
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    return this.commit(() => {
      if (this.rated.claim(feedbackKey(record), record.at)) this.feedback.add(record);
    });
  }

  recordHandoff(packet: HandoffPacket): Promise<void> {
    return this.commit(() => this.outbox.enqueue(this.handoffs.add(packet)));
  }

  /**
   * Group commit: the writes of one tick of the event loop share a transaction, and each promise
   * resolves only once that transaction is committed. Concurrent conversations then cost one
   * write to the log between them instead of one each, and nothing is acknowledged before it is stored.
   */
  private commit(write: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.batch.push({ write, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    try {
      // IMMEDIATE: with the writer thread on its own connection, a transaction takes the write lock
      // first (waiting for the thread's commit) rather than fail on upgrading from a read.
      this.db
        .transaction(() => {
          for (const item of batch) item.write();
        })
        .immediate();
      this.sweepWhenDue(batch.length);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) item.resolve();
  }

  /** The writer thread, once started; none for a one-off command, or after the thread ended. */
  private writing(): SqliteWriter | undefined {
    if (this.writer) return this.writer.running ? this.writer : undefined;
    if (!this.writerThread || this.path === ':memory:') return undefined;
    this.writer = new SqliteWriter(
      this.path,
      { saveSession: SAVE_SESSION, addTurn: addRecordSql('turns') },
      (records) => this.sweepAfter(records),
      // Should the thread end, this connection writes and checkpoints again, as SQLite does by default.
      () => {
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${COMMITTER_CHECKPOINTS}`);
      },
    );
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINTS}`);
    return this.writer;
  }

  /** The sweep, after records the writer thread stored. */
  private sweepAfter(records: number): void {
    if (!this.sweeps.due(records)) return;
    try {
      this.db.transaction(() => this.sweep()).immediate();
    } catch {
      // A sweep that fails now is tried again when the next one is due.
    }
  }

  async activitySince(since: number): Promise<ActivityRecords> {
    return { turns: this.turns.since(since), feedback: this.feedback.since(since), handoffs: this.handoffs.since(since) };
  }

  pendingHandoffs(limit: number): Promise<PendingHandoff[]> {
    return this.outbox.pendingHandoffs(limit);
  }

  markDelivered(id: string, target: string): Promise<void> {
    return this.outbox.markDelivered(id, target);
  }

  closeHandoff(id: string): Promise<void> {
    return this.outbox.closeHandoff(id);
  }

  linkThread(sessionId: string, thread: string, at: number): Promise<void> {
    return this.commit(() => this.threads.add(sessionId, thread, at));
  }

  async sessionOfThread(thread: string): Promise<string | undefined> {
    return this.threads.sessionOf(thread);
  }

  async threadOfSession(sessionId: string): Promise<string | undefined> {
    return this.threads.threadOf(sessionId);
  }

  private sweepWhenDue(writes: number): void {
    if (this.sweeps.due(writes)) this.sweep();
  }

  private sweep(): void {
    const now = this.now();
    if (Number.isFinite(this.ttlMs)) this.sweepSessions.run(now - this.ttlMs);
    const cutoff = now - this.retentionMs;
    this.turns.sweep(cutoff, this.maxTurns);
    this.feedback.sweep(cutoff, this.maxTurns);
    this.rated.sweep(cutoff);
    this.handoffs.sweep(cutoff);
    this.threads.sweep(cutoff);
  }
}
