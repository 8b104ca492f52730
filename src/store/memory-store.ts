import type { SessionStore } from '../core/dialog/session-store.js';
import type { SessionState } from '../core/dialog/state.js';

/** Sessions in this process only: for tests and one-off `updoc ask`. Copies on the way in and out. */
export class MemoryStore implements SessionStore {
  private readonly sessions = new Map<string, string>();

  constructor(private readonly ttlMs = Infinity, private readonly now: () => number = Date.now) {}

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
}
