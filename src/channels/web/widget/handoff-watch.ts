import { ApiError, type ChatClient } from './api-client.js';
import type { StoredMessage } from './types.js';

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 30_000;

/**
 * While a conversation's handoff is open, keeps an event stream open for the support team's
 * replies: reconnecting (with a growing wait) when it drops or the server restarts, and asking
 * each time only for what came after the last message seen.
 */
export class HandoffWatch {
  private running: AbortController | null = null;
  private sessionId: string | null = null;
  private lastSeq = 0;

  constructor(
    private readonly client: ChatClient,
    private readonly onMessages: (messages: StoredMessage[]) => void,
  ) {}

  /** The highest message number shown so far (restored, or received). */
  saw(seq: number | undefined): void {
    if (seq !== undefined && seq > this.lastSeq) this.lastSeq = seq;
  }

  start(sessionId: string): void {
    if (this.running && this.sessionId === sessionId) return;
    this.stop();
    this.sessionId = sessionId;
    const controller = new AbortController();
    this.running = controller;
    void this.loop(sessionId, controller.signal);
  }

  stop(): void {
    this.running?.abort();
    this.running = null;
  }

  private async loop(sessionId: string, signal: AbortSignal): Promise<void> {
    let wait = FIRST_WAIT_MS;
    while (!signal.aborted) {
      try {
        await this.client.watch(sessionId, this.lastSeq, (messages) => {
          wait = FIRST_WAIT_MS;
          const fresh = messages.filter((m) => (m.seq ?? 0) > this.lastSeq);
          for (const message of fresh) this.saw(message.seq);
          if (fresh.length) this.onMessages(fresh);
        }, signal);
      } catch (error) {
        if (signal.aborted || (error instanceof ApiError && error.code === 'unknown_session')) return;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, LONGEST_WAIT_MS);
    }
  }
}
