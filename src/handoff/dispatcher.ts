import type { Deduplicator } from '../store/deduplicator.js';
import type { HandoffOutbox, PendingHandoff } from '../store/store.js';

/** A place a handoff goes: a webhook, a Slack channel. `deliver` throws when it was not accepted. */
export interface HandoffTarget {
  /** Stable: the outbox remembers deliveries by it. */
  name: string;
  deliver(handoff: PendingHandoff, signal: AbortSignal): Promise<void>;
}

/** Where the dispatcher reports: an outage once (not per attempt), its end, and plain notes. */
export interface DeliveryLog {
  failed(what: string, description: string): void;
  recovered(what: string): void;
  line(text: string): void;
}

export interface DispatcherOptions {
  outbox: HandoffOutbox;
  /** Shared by every process on the store, so one delivery is attempted by one process at a time. */
  leases: Deduplicator;
  targets: HandoffTarget[];
  log: DeliveryLog;
  now?: () => number;
  /** How long one delivery attempt may take. */
  attemptTimeoutMs?: number;
  /** The wait after a first failure; it doubles with each failure, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How often the outbox is looked at for handoffs left by a restart or another process. */
  pollMs?: number;
  /** A handoff older than this is taken out of the outbox undelivered: nobody waits that long. */
  giveUpAfterMs?: number;
}

const BATCH = 50;

/**
 * Empties the handoff outbox: each pending handoff goes to every target that has not taken it,
 * with retries and a growing wait, until it is delivered everywhere or too old to matter. The
 * outbox is in the store, so a restart (or another server process) picks up what is left.
 */
export class HandoffDispatcher {
  private readonly options: Required<DispatcherOptions>;
  /** Failed attempts per delivery, for the growing wait; a new process starts again from one. */
  private readonly failures = new Map<string, number>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private poller: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.options = {
      now: Date.now,
      attemptTimeoutMs: 10_000,
      retryBaseMs: 5_000,
      retryMaxMs: 10 * 60_000,
      pollMs: 30_000,
      giveUpAfterMs: 3 * 86_400_000,
      ...options,
    };
  }

  start(): void {
    this.poller = setInterval(() => this.wake(), this.options.pollMs).unref();
    this.wake();
  }

  /** Looks at the outbox now (a handoff was just recorded), or right after the current look. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pumpWhileWoken().finally(() => (this.running = undefined));
  }

  /** Stops looking; an attempt under way finishes (within its timeout) first. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    for (const timer of this.retries) clearTimeout(timer);
    await this.running;
  }

  private async pumpWhileWoken(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pump();
      } catch (error) {
        this.options.log.failed('handoff outbox', `cannot read the outbox: ${(error as Error).message}`);
      }
    } while (this.again && !this.stopped);
  }

  private async pump(): Promise<void> {
    const { outbox, targets, giveUpAfterMs, now, log } = this.options;
    // A target that failed once in this round is not tried again until its retry is due.
    const failing = new Set<HandoffTarget>();
    for (const handoff of await outbox.pendingHandoffs(BATCH)) {
      if (this.stopped) return;
      const missing = targets.filter((t) => !handoff.deliveredTo.includes(t.name));
      if (missing.length > 0 && now() - handoff.packet.at > giveUpAfterMs) {
        log.line(`gave up delivering handoff ${handoff.id} (session ${handoff.packet.sessionId}) to ${missing.map((t) => t.name).join(', ')}`);
        for (const target of missing) this.failures.delete(`${handoff.id}:${target.name}`);
        await outbox.closeHandoff(handoff.id);
        continue;
      }
      let delivered = true;
      for (const target of missing) {
        const outcome = failing.has(target) ? 'skipped' : await this.attempt(handoff, target);
        if (outcome === 'failed') failing.add(target);
        delivered &&= outcome === 'delivered';
      }
      if (delivered) await outbox.closeHandoff(handoff.id);
    }
  }

  /** One attempt at one delivery, unless another attempt holds it or its retry is not due yet. */
  private async attempt(handoff: PendingHandoff, target: HandoffTarget): Promise<'delivered' | 'held' | 'failed'> {
    const { leases, outbox, log, attemptTimeoutMs, retryBaseMs, retryMaxMs } = this.options;
    const key = `${handoff.id}:${target.name}`;
    const failures = this.failures.get(key) ?? 0;
    // The lease covers the attempt and, should it fail, the wait before the next one.
    const leaseMs = attemptTimeoutMs + Math.min(retryBaseMs * 2 ** failures, retryMaxMs);
    if (await leases.seen(`handoff:${key}`, leaseMs)) return 'held';
    try {
      await target.deliver(handoff, AbortSignal.timeout(attemptTimeoutMs));
      await outbox.markDelivered(handoff.id, target.name);
    } catch (error) {
      this.failures.set(key, failures + 1);
      log.failed(`handoff ${target.name}`, `${(error as Error).message}; retrying`);
      this.retryAfter(leaseMs);
      return 'failed';
    }
    this.failures.delete(key);
    log.recovered(`handoff ${target.name}`);
    return 'delivered';
  }

  private retryAfter(ms: number): void {
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.wake();
    }, ms + 10).unref();
    this.retries.add(timer);
  }
}
