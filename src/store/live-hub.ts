import type { OutOfTurnMessage } from '../core/ports.js';

export type LiveListener = (messages: OutOfTurnMessage[]) => void;

/**
 * Carries out-of-turn messages (a staff reply) to whoever is watching a conversation live (a
 * widget's event stream), in this process or, over Redis, in any process sharing the store.
 */
export interface LiveHub {
  publish(sessionId: string, messages: OutOfTurnMessage[]): Promise<void>;
  /** Resolves once listening; the function it gives stops it. */
  subscribe(sessionId: string, listener: LiveListener): Promise<() => void>;
  close(): Promise<void>;
}

/** Listeners by conversation, in one process. */
export class Listeners {
  private readonly bySession = new Map<string, Set<LiveListener>>();

  /** Adds a listener; true when it is the conversation's first. */
  add(sessionId: string, listener: LiveListener): boolean {
    const set = this.bySession.get(sessionId) ?? new Set();
    set.add(listener);
    this.bySession.set(sessionId, set);
    return set.size === 1;
  }

  /** Removes a listener; true when it was the conversation's last. */
  remove(sessionId: string, listener: LiveListener): boolean {
    const set = this.bySession.get(sessionId);
    if (!set?.delete(listener) || set.size > 0) return false;
    this.bySession.delete(sessionId);
    return true;
  }

  tell(sessionId: string, messages: OutOfTurnMessage[]): void {
    for (const listener of this.bySession.get(sessionId) ?? []) listener(messages);
  }
}

/** The hub of a single process (SQLite or memory store). */
export class MemoryHub implements LiveHub {
  private readonly listeners = new Listeners();

  async publish(sessionId: string, messages: OutOfTurnMessage[]): Promise<void> {
    this.listeners.tell(sessionId, messages);
  }

  async subscribe(sessionId: string, listener: LiveListener): Promise<() => void> {
    this.listeners.add(sessionId, listener);
    return () => void this.listeners.remove(sessionId, listener);
  }

  async close(): Promise<void> {}
}
