import type Database from 'better-sqlite3';
import type { HandoffPacket } from '../core/ports.js';
import type { HandoffOutbox, PendingHandoff } from './store.js';

/** The handoff outbox in SQLite: the ids of undelivered handoffs, and which targets took each. */
export class SqliteOutbox implements HandoffOutbox {
  private readonly add: Database.Statement<[number]>;
  private readonly pending: Database.Statement<[number], { id: number; record: string; delivered: string }>;
  private readonly delivered: Database.Statement<[number, string]>;
  private readonly remove: Database.Statement<[number]>;
  private readonly forgetDeliveries: Database.Statement<[number]>;

  /** Needs the handoffs table and foreign keys on: rows swept from it leave the outbox too. */
  constructor(db: Database.Database) {
    db.exec(
      'CREATE TABLE IF NOT EXISTS outbox (handoff_id INTEGER PRIMARY KEY REFERENCES handoffs (id) ON DELETE CASCADE);' +
        'CREATE TABLE IF NOT EXISTS handoff_deliveries (handoff_id INTEGER NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,' +
        ' target TEXT NOT NULL, PRIMARY KEY (handoff_id, target)) WITHOUT ROWID;',
    );
    this.add = db.prepare('INSERT INTO outbox (handoff_id) VALUES (?)');
    this.pending = db.prepare(
      'SELECT o.handoff_id AS id, h.record AS record,' +
        ' (SELECT json_group_array(d.target) FROM handoff_deliveries d WHERE d.handoff_id = o.handoff_id) AS delivered' +
        ' FROM outbox o JOIN handoffs h ON h.id = o.handoff_id ORDER BY o.handoff_id LIMIT ?',
    );
    this.delivered = db.prepare('INSERT OR IGNORE INTO handoff_deliveries (handoff_id, target) VALUES (?, ?)');
    this.remove = db.prepare('DELETE FROM outbox WHERE handoff_id = ?');
    this.forgetDeliveries = db.prepare('DELETE FROM handoff_deliveries WHERE handoff_id = ?');
  }

  /** Call inside the transaction that records the handoff. */
  enqueue(handoffId: number): void {
    this.add.run(handoffId);
  }

  async pendingHandoffs(limit: number): Promise<PendingHandoff[]> {
    return this.pending.all(limit).map((row) => ({
      id: String(row.id),
      packet: JSON.parse(row.record) as HandoffPacket,
      deliveredTo: JSON.parse(row.delivered) as string[],
    }));
  }

  async markDelivered(id: string, target: string): Promise<void> {
    this.delivered.run(Number(id), target);
  }

  async closeHandoff(id: string): Promise<void> {
    this.remove.run(Number(id));
    this.forgetDeliveries.run(Number(id));
  }
}
