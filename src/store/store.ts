import { createHash } from 'node:crypto';
import type { SessionStore } from '../core/dialog/session-store.js';
import type { ActivityLog, FeedbackRecord, HandoffPacket, TurnRecord } from '../core/ports.js';

export const DAY_MS = 86_400_000;
/** How long turns, feedback and handoffs are kept when RETENTION_DAYS is not set. */
export const DEFAULT_RETENTION_MS = 90 * DAY_MS;
/** How often a store sweeps out expired sessions and records older than the retention. */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** Turns (and feedback) kept at most, whatever their age: a flood of turns cannot fill the disk. */
export const DEFAULT_MAX_TURNS = 1_000_000;
/** Writes between two checks of the cap: a flood fills a disk faster than the sweep's ten minutes. */
const CAP_CHECK_EVERY = 1_000;

/** When a store sweeps: every SWEEP_EVERY_MS, and after every CAP_CHECK_EVERY records written. */
export class SweepSchedule {
  private lastSweep = 0;
  private writes = 0;

  constructor(private readonly now: () => number) {}

  /** Counts writes; true when the sweep is due (and counts it as done). */
  due(writes = 1): boolean {
    this.writes += writes;
    const now = this.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS && this.writes < CAP_CHECK_EVERY) return false;
    this.lastSweep = now;
    this.writes = 0;
    return true;
  }
}

/**
 * Feedback counts once per answer: the key of the answer rated in its conversation. A second 👍
 * on the same answer (pressed again, or replayed) finds its key taken and is not recorded.
 */
export function feedbackKey(record: FeedbackRecord): string {
  return createHash('sha256').update(`${record.sessionId}\u0000${record.reply}`).digest('hex').slice(0, 32);
}

/** What was recorded from a moment on, oldest first: the input of `updoc report`. */
export interface ActivityRecords {
  turns: TurnRecord[];
  feedback: FeedbackRecord[];
  handoffs: HandoffPacket[];
}

export interface ActivityReader {
  activitySince(since: number): Promise<ActivityRecords>;
}

/** A recorded handoff that has not yet reached every place it should go. */
export interface PendingHandoff {
  id: string;
  packet: HandoffPacket;
  /** The delivery targets that have acknowledged it. */
  deliveredTo: string[];
}

/**
 * The handoff outbox. `recordHandoff` puts a packet in it within the same durable write that
 * records it, so a packet acknowledged to the person is never lost; src/handoff/ empties it.
 */
export interface HandoffOutbox {
  /** The oldest handoffs still in the outbox. */
  pendingHandoffs(limit: number): Promise<PendingHandoff[]>;
  markDelivered(id: string, target: string): Promise<void>;
  /** Takes a handoff out of the outbox: delivered everywhere, or given up on. */
  closeHandoff(id: string): Promise<void>;
}

/**
 * Where each handoff's support thread is, both ways: a staff reply in the thread finds its
 * conversation, and what the person writes finds its thread. A thread is named by its channel as
 * `CHANNEL:TS`; the link is kept as long as the handoff itself (the retention).
 */
export interface SupportThreads {
  linkThread(sessionId: string, thread: string, at: number): Promise<void>;
  sessionOfThread(thread: string): Promise<string | undefined>;
  threadOfSession(sessionId: string): Promise<string | undefined>;
}

/** What every store in src/store/ keeps: conversations, the activity log, the handoff outbox and the support threads. */
export interface Store extends SessionStore, ActivityLog, ActivityReader, HandoffOutbox, SupportThreads {}
