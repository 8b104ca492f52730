import type Database from 'better-sqlite3';

/** Keys that may be claimed once (the answers already rated), kept as long as the records they guard. */
export class SqliteOnce {
  private readonly claimKey: Database.Statement<[string, number]>;
  private readonly sweepBefore: Database.Statement<[number]>;

  constructor(db: Database.Database, table: 'feedback_keys') {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;` +
        `CREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at);`,
    );
    this.claimKey = db.prepare(`INSERT OR IGNORE INTO ${table} (key, at) VALUES (?, ?)`);
    this.sweepBefore = db.prepare(`DELETE FROM ${table} WHERE at < ?`);
  }

  /** True for the first claim of `key`; false when it was claimed already. */
  claim(key: string, at: number): boolean {
    return this.claimKey.run(key, at).changes === 1;
  }

  sweep(before: number): void {
    this.sweepBefore.run(before);
  }
}
