import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread copies the log into the database. */
const EVERY_MS = 100;
/** How long `stop` waits for a checkpoint under way before ending the thread. */
const STOP_WAIT_MS = 2_000;

/**
 * The thread's code: its own connection, a PASSIVE checkpoint (it never waits for a writer nor
 * makes one wait) every EVERY_MS, until told to stop. A string, not a function's source: the
 * worker must not depend on how this module was compiled.
 */
const CHECKPOINT_LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.postMessage('ready');
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies a SQLite database's write-ahead log into the database file from a thread of its own.
 * A checkpoint syncs the log and then the database file to disk; done by the connection that
 * commits (SQLite's default, every 1,000 pages of log), those waits stall the whole event loop
 * and every conversation with it. From this thread, commits only append to the log. Durability
 * does not change: the pragmas are the same, and a commit is in the log before it is acknowledged.
 * `onStopped` hears when the thread ended without being asked (the committer then checkpoints
 * again, as SQLite does by default).
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopping = false;

  constructor(path: string, onStopped: (error?: Error) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(CHECKPOINT_LOOP, { eval: true, workerData: { path, driver, everyMs: EVERY_MS } });
    this.worker.unref();
    let failure: Error | undefined;
    this.worker.on('error', (error) => (failure = error));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        if (!this.stopping) onStopped(failure);
        resolve();
      }),
    );
  }

  /** Ends the thread after the checkpoint under way, if any. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.worker.postMessage('stop');
    const timeout = setTimeout(() => void this.worker.terminate(), STOP_WAIT_MS);
    await this.exited;
    clearTimeout(timeout);
  }
}
