import type { SessionState } from './state.js';

/**
 * Where conversations live between turns. The core only knows this interface; src/store/ has
 * the embedded SQLite store (the default) and an in-memory one, and a shared store can be added
 * for several server processes without touching the core.
 */
export interface SessionStore {
  /** The session, or undefined when it never existed or has expired. */
  load(id: string): Promise<SessionState | undefined>;
  save(state: SessionState): Promise<void>;
  close(): Promise<void>;
}
