import type { DeliveryLog } from '../handoff/dispatcher.js';

/** While something stays unreachable, a reminder this often (not a line per message). */
const REMIND_EVERY_MS = 10 * 60_000;

interface Outage {
  since: number;
  failures: number;
  lastLine: number;
}

/**
 * Says once that something (the store, a handoff target) is unreachable, with the first error,
 * and once that it is back; in between, a reminder every ten minutes with the count of failures.
 */
export class OutageLog implements DeliveryLog {
  private readonly outages = new Map<string, Outage>();

  constructor(private readonly write: (line: string) => void, private readonly now: () => number = Date.now) {}

  failed(what: string, description: string): void {
    const now = this.now();
    const outage = this.outages.get(what);
    if (!outage) {
      this.outages.set(what, { since: now, failures: 1, lastLine: now });
      this.write(`${what} unreachable (${description}); going on without it until it is back`);
      return;
    }
    outage.failures += 1;
    if (now - outage.lastLine >= REMIND_EVERY_MS) {
      outage.lastLine = now;
      this.write(`${what} still unreachable since ${new Date(outage.since).toISOString()} (${outage.failures} failures; last: ${description})`);
    }
  }

  recovered(what: string): void {
    const outage = this.outages.get(what);
    if (!outage) return;
    this.outages.delete(what);
    this.write(`${what} reachable again after ${Math.round((this.now() - outage.since) / 1000)} s`);
  }

  line(text: string): void {
    this.write(text);
  }
}
