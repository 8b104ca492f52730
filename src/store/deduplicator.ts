/**
 * Remembers keys for a while: a Slack event delivered twice, or a handoff delivery another
 * process has already taken, is recognised by its key.
 */
export interface Deduplicator {
  /**
   * True when `key` was seen within its time to live; otherwise remembers it for `ttlMs` and
   * answers false. Rejects when a shared store behind it is unreachable.
   */
  seen(key: string, ttlMs: number): Promise<boolean>;
}

const SWEEP_EVERY_MS = 60_000;

/** Keys remembered in this process only: enough for a single server. */
export class MemoryDeduplicator implements Deduplicator {
  private readonly expiries = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async seen(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    if (now >= this.nextSweep) {
      this.nextSweep = now + SWEEP_EVERY_MS;
      for (const [k, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(k);
    }
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return true;
    this.expiries.set(key, now + ttlMs);
    return false;
  }
}
