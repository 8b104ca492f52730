/**
 * Counts uses per key in fixed windows (handoffs per person per hour): in this process, or shared
 * by every process on one Redis.
 */
export interface UseCounter {
  /** Counts one use of `key`; true while the uses in the current window are at most `limit`. Rejects when a shared store is unreachable. */
  take(key: string, limit: number, windowMs: number): Promise<boolean>;
}

const SWEEP_ABOVE = 10_000;

/** Counts in this process only: enough for a single server. */
export class MemoryUseCounter implements UseCounter {
  private readonly windows = new Map<string, { until: number; uses: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const now = this.now();
    if (this.windows.size > SWEEP_ABOVE) for (const [k, w] of this.windows) if (w.until <= now) this.windows.delete(k);
    const current = this.windows.get(key);
    const window = current && current.until > now ? current : { until: now + windowMs, uses: 0 };
    window.uses += 1;
    this.windows.set(key, window);
    return window.uses <= limit;
  }
}
