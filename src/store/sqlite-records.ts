import type Database from 'better-sqlite3';

/** The statement that appends a record to one of the tables. */
export const addRecordSql = (table: string) => `INSERT INTO ${table} (at, record) VALUES (?, ?)`;

/**
 * One table of time-stamped records (turns, feedback or handoffs), kept as JSON with an index on
 * their time: appended, read from a moment on, swept past the retention.
 */
export class SqliteRecords<T extends { at: number }> {
  private readonly insert: Database.Statement<[number, string]>;
  private readonly from: Database.Statement<[number], { record: string }>;
  private readonly sweepBefore: Database.Statement<[number]>;
  private readonly keepOnly: Database.Statement<[number]>;

  constructor(db: Database.Database, table: 'turns' | 'feedback' | 'handoffs') {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, record TEXT NOT NULL);` +
        `CREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at);`,
    );
    this.insert = db.prepare(addRecordSql(table));
    this.from = db.prepare(`SELECT record FROM ${table} WHERE at >= ? ORDER BY at, id`);
    this.sweepBefore = db.prepare(`DELETE FROM ${table} WHERE at < ?`);
    this.keepOnly = db.prepare(`DELETE FROM ${table} WHERE id <= (SELECT id FROM ${table} ORDER BY id DESC LIMIT 1 OFFSET ?)`);
  }

  /** Appends a record and answers its row id. */
  add(record: T): number {
    return Number(this.insert.run(record.at, JSON.stringify(record)).lastInsertRowid);
  }

  since(at: number): T[] {
    return this.from.all(at).map((row) => JSON.parse(row.record) as T);
  }

  /** Deletes the records from before `before`, and the oldest beyond the newest `keep`. */
  sweep(before: number, keep = Infinity): void {
    this.sweepBefore.run(before);
    if (Number.isFinite(keep)) this.keepOnly.run(keep);
  }
}
