import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread copies the log into the database, between its own commits. */
const CHECKPOINT_EVERY_MS = 100;
/** How long `stop` waits for the writes under way before ending the thread. */
const STOP_WAIT_MS = 5_000;

/** The statements the thread runs: the store's own, so the two cannot drift apart. */
export interface WriterStatements {
  /** Saves a session: (id, state JSON, updated at). */
  saveSession: string;
  /** Appends a turn record: (at, record JSON). */
  addTurn: string;
}

/**
 * The thread's code: its own connection with the store's pragmas, each batch in one transaction,
 * answered once committed; a PASSIVE checkpoint between batches every CHECKPOINT_EVERY_MS. A
 * string, not a function's source: the worker must not depend on how this module was compiled.
 */
const WRITER_LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const saveSession = db.prepare(workerData.statements.saveSession);
const addTurn = db.prepare(workerData.statements.addTurn);
const write = db.transaction((sessions, turns) => {
  for (const s of sessions) saveSession.run(s[0], s[1], s[2]);
  for (const t of turns) addTurn.run(t[0], t[1]);
});
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.on('message', (batch) => {
  if (batch === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(batch.sessions, batch.turns);
    parentPort.postMessage({ id: batch.id });
  } catch (error) {
    parentPort.postMessage({ id: batch.id, error: String(error && error.message || error) });
  }
});
`;

interface Batch {
  sessions: [string, string, number][];
  turns: [number, string][];
  waiting: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Writes what every turn writes (its session and its activity record) from a thread of its own,
 * with its own connection to the same file: the commits' writes to the log and the checkpoints'
 * fsyncs no longer hold up the event loop. A tick's writes go as one batch, committed in one
 * transaction, and each promise resolves once that transaction is committed, as with the store's
 * own group commit: nothing is acknowledged before it is in the log. `onWritten` hears how many
 * records each batch stored; `onStopped` hears when the thread ended without being asked (the
 * store then writes on its own connection again).
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly sent = new Map<number, Batch>();
  private batch: Batch | undefined;
  private nextId = 0;
  private stopping = false;
  private failed = false;

  constructor(
    path: string,
    statements: WriterStatements,
    private readonly onWritten: (records: number) => void,
    onStopped: () => void,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER_LOOP, {
      eval: true,
      workerData: { path, driver, statements, everyMs: CHECKPOINT_EVERY_MS },
      // It holds a batch at a time: a small heap keeps the process's memory what it was without it.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    this.worker.unref();
    this.worker.on('message', (answer: { id: number; error?: string }) => this.answered(answer));
    let failure: unknown;
    this.worker.on('error', (error) => (failure = error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.failed = true;
        const lost = failure ?? new Error('the SQLite writer thread ended');
        for (const batch of [...this.sent.values(), ...(this.batch ? [this.batch] : [])]) for (const w of batch.waiting) w.reject(lost);
        this.sent.clear();
        this.batch = undefined;
        if (!this.stopping) onStopped();
        resolve();
      }),
    );
  }

  /** Whether the thread still takes writes. */
  get running(): boolean {
    return !this.failed && !this.stopping;
  }

  saveSession(id: string, json: string, updatedAt: number): Promise<void> {
    return this.queue((batch) => batch.sessions.push([id, json, updatedAt]));
  }

  addTurn(at: number, json: string): Promise<void> {
    return this.queue((batch) => batch.turns.push([at, json]));
  }

  /** Ends the thread once the writes sent before are committed. */
  async stop(): Promise<void> {
    this.send();
    this.stopping = true;
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), STOP_WAIT_MS);
    await this.exited;
    clearTimeout(timeout);
  }

  private queue(add: (batch: Batch) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.batch) {
        this.batch = { sessions: [], turns: [], waiting: [] };
        setImmediate(() => this.send());
      }
      add(this.batch);
      this.batch.waiting.push({ resolve, reject });
    });
  }

  private send(): void {
    const batch = this.batch;
    if (!batch || this.failed) return;
    this.batch = undefined;
    const id = this.nextId++;
    this.sent.set(id, batch);
    // Waiting for a commit keeps the process alive; an idle thread does not.
    if (this.sent.size === 1) this.worker.ref();
    this.worker.postMessage({ id, sessions: batch.sessions, turns: batch.turns });
  }

  private answered({ id, error }: { id: number; error?: string }): void {
    const batch = this.sent.get(id);
    if (!batch) return;
    this.sent.delete(id);
    if (this.sent.size === 0) this.worker.unref();
    if (error !== undefined) {
      for (const w of batch.waiting) w.reject(new Error(error));
      return;
    }
    this.onWritten(batch.sessions.length + batch.turns.length);
    for (const w of batch.waiting) w.resolve();
  }
}
