import type { SessionState } from '../core/dialog/state.js';
import type { FeedbackRecord, HandoffPacket, TurnRecord } from '../core/ports.js';
import { DEFAULT_MAX_TURNS, DEFAULT_RETENTION_MS, feedbackKey, SweepSchedule, type ActivityRecords, type PendingHandoff, type Store } from './store.js';

interface KeptHandoff {
  id: string;
  packet: HandoffPacket;
  pending: boolean;
  deliveredTo: Set<string>;
}

/** Everything in this process only: for tests and one-off `updoc ask`. Copies on the way in and out. */
export class MemoryStore implements Store {
  private readonly sessions = new Map<string, string>();
  private turns: TurnRecord[] = [];
  private feedback: FeedbackRecord[] = [];
  private handoffs: KeptHandoff[] = [];
  /** The answers rated so far (feedback keys), with when. */
  private rated = new Map<string, number>();
  private handoffCount = 0;
  /** Support threads by conversation, with when they were linked. */
  private threads = new Map<string, { thread: string; at: number }>();
  private readonly sweeps: SweepSchedule;

  constructor(
    private readonly ttlMs = Infinity,
    private readonly now: () => number = Date.now,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
    private readonly maxTurns = DEFAULT_MAX_TURNS,
  ) {
    this.sweeps = new SweepSchedule(now);
  }

  async load(id: string): Promise<SessionState | undefined> {
    const raw = this.sessions.get(id);
    if (raw === undefined) return undefined;
    const state = JSON.parse(raw) as SessionState;
    if (this.now() - state.updatedAt > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return state;
  }

  async save(state: SessionState): Promise<void> {
    this.sessions.set(state.id, JSON.stringify(state));
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }

  async recordTurn(record: TurnRecord): Promise<void> {
    this.turns.push(structuredClone(record));
    this.sweepWhenDue();
  }

  async recordFeedback(record: FeedbackRecord): Promise<void> {
    const key = feedbackKey(record);
    if (!this.rated.has(key)) {
      this.rated.set(key, record.at);
      this.feedback.push(structuredClone(record));
    }
    this.sweepWhenDue();
  }

  async recordHandoff(packet: HandoffPacket): Promise<void> {
    this.handoffCount += 1;
    this.handoffs.push({ id: String(this.handoffCount), packet: structuredClone(packet), pending: true, deliveredTo: new Set() });
    this.sweepWhenDue();
  }

  async activitySince(since: number): Promise<ActivityRecords> {
    const from = <T extends { at: number }>(records: T[]) => structuredClone(records.filter((r) => r.at >= since).sort((a, b) => a.at - b.at));
    return { turns: from(this.turns), feedback: from(this.feedback), handoffs: from(this.handoffs.map((h) => h.packet)) };
  }

  async pendingHandoffs(limit: number): Promise<PendingHandoff[]> {
    return this.handoffs
      .filter((h) => h.pending)
      .slice(0, limit)
      .map((h) => ({ id: h.id, packet: structuredClone(h.packet), deliveredTo: [...h.deliveredTo] }));
  }

  async markDelivered(id: string, target: string): Promise<void> {
    this.handoffs.find((h) => h.id === id)?.deliveredTo.add(target);
  }

  async closeHandoff(id: string): Promise<void> {
    const handoff = this.handoffs.find((h) => h.id === id);
    if (handoff) handoff.pending = false;
  }

  async linkThread(sessionId: string, thread: string, at: number): Promise<void> {
    this.threads.set(sessionId, { thread, at });
  }

  async sessionOfThread(thread: string): Promise<string | undefined> {
    return [...this.threads].find(([, link]) => link.thread === thread)?.[0];
  }

  async threadOfSession(sessionId: string): Promise<string | undefined> {
    return this.threads.get(sessionId)?.thread;
  }

  private sweepWhenDue(): void {
    if (!this.sweeps.due()) return;
    const cutoff = this.now() - this.retentionMs;
    this.turns = this.turns.filter((r) => r.at >= cutoff).slice(-this.maxTurns);
    this.feedback = this.feedback.filter((r) => r.at >= cutoff).slice(-this.maxTurns);
    this.rated = new Map([...this.rated].filter(([, at]) => at >= cutoff));
    this.handoffs = this.handoffs.filter((h) => h.packet.at >= cutoff);
    this.threads = new Map([...this.threads].filter(([, link]) => link.at >= cutoff));
  }
}
