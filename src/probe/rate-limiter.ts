import type { RateLimit } from './policy.js';
import type { Clock } from './types.js';

/** Past this many keys, forgotten ones are swept so a long-running server does not grow. */
const SWEEP_ABOVE = 1_000;

/** A sliding window per key: at most `limit` uses within any `windowMs`. */
export class RateLimiter {
  private readonly uses = new Map<string, number[]>();

  constructor(private readonly rule: RateLimit, private readonly clock: Clock) {}

  hasRoom(key: string): boolean {
    return this.recent(key).length < this.rule.limit;
  }

  take(key: string): void {
    this.uses.set(key, [...this.recent(key), this.clock.now()]);
    if (this.uses.size > SWEEP_ABOVE) for (const other of [...this.uses.keys()]) this.recent(other);
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.rule.windowMs;
    const recent = (this.uses.get(key) ?? []).filter((time) => time > since);
    if (recent.length === 0) this.uses.delete(key);
    else this.uses.set(key, recent);
    return recent;
  }
}
