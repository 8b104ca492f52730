import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import type { SessionState } from '../core/dialog/state.js';
import type { FeedbackRecord, HandoffPacket, TurnRecord } from '../core/ports.js';
import { DEFAULT_MAX_TURNS, DEFAULT_RETENTION_MS, feedbackKey, SweepSchedule, type ActivityRecords, type PendingHandoff, type Store } from './store.js';

export interface RedisStoreOptions {
  /** Idle time after which a session is gone. */
  ttlMs: number;
  /** How long turns, feedback and handoffs are kept. */
  retentionMs?: number;
  /** Turns (and feedback) kept at most; the oldest go first. */
  maxTurns?: number;
  now?: () => number;
  /** Put before every key, so several deployments (or tests) can share one Redis. */
  prefix?: string;
}

/** Records read per command, so a long report never needs one huge reply. */
const PAGE = 2_000;

/** Records a 👍/👎 only when its answer's key is new: the claim and the record in one step. */
const RECORD_ONCE = `if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3]) end`;

/**
 * The shared store for several server processes. A session is one JSON string that expires by
 * itself (SET … PX). Turns and feedback are sorted sets scored by their time, each member an id
 * and the record's JSON; a handoff is a JSON string, listed in the handoffs set and, until it is
 * delivered, in the outbox set. Records older than the retention are swept out as new ones come.
 */
export class RedisStore implements Store {
  private readonly ttlMs: number;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private readonly prefix: string;
  private readonly maxTurns: number;
  private readonly sweeps: SweepSchedule;

  constructor(readonly client: Redis, options: RedisStoreOptions) {
    this.ttlMs = options.ttlMs;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.now = options.now ?? Date.now;
    this.prefix = options.prefix ?? 'updoc:';
    this.maxTurns = options.maxTurns ?? DEFAULT_MAX_TURNS;
    this.sweeps = new SweepSchedule(this.now);
  }

  async load(id: string): Promise<SessionState | undefined> {
    const raw = await this.client.get(this.key('session', id));
    if (raw === null) return undefined;
    const state = JSON.parse(raw) as SessionState;
    return this.now() - state.updatedAt > this.ttlMs ? undefined : state;
  }

  async save(state: SessionState): Promise<void> {
    const key = this.key('session', state.id);
    const json = JSON.stringify(state);
    if (!Number.isFinite(this.ttlMs)) {
      await this.client.set(key, json);
      return;
    }
    const remaining = Math.ceil(this.ttlMs - (this.now() - state.updatedAt));
    if (remaining > 0) await this.client.set(key, json, 'PX', remaining);
    else await this.client.del(key);
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  recordTurn(record: TurnRecord): Promise<void> {
    return this.exec(this.client.multi().zadd(this.key('turns'), record.at, entry(record)));
  }

  recordFeedback(record: FeedbackRecord): Promise<void> {
    const rated = this.key('rated', feedbackKey(record));
    return this.exec(this.client.multi().eval(RECORD_ONCE, 2, rated, this.key('feedback'), this.keepMs(record.at), record.at, entry(record)));
  }

  recordHandoff(packet: HandoffPacket): Promise<void> {
    const id = randomUUID();
    return this.exec(
      this.client
        .multi()
        .set(this.key('handoff', id), JSON.stringify(packet), 'PX', this.keepMs(packet.at))
        .zadd(this.key('handoffs'), packet.at, id)
        .zadd(this.key('outbox'), packet.at, id),
    );
  }

  async activitySince(since: number): Promise<ActivityRecords> {
    const turns = (await this.rangeFrom('turns', since)).map((member) => fromEntry<TurnRecord>(member));
    const feedback = (await this.rangeFrom('feedback', since)).map((member) => fromEntry<FeedbackRecord>(member));
    const handoffs = (await this.packets(await this.rangeFrom('handoffs', since))).flatMap((p) => (p ? [p] : []));
    return { turns, feedback, handoffs };
  }

  async pendingHandoffs(limit: number): Promise<PendingHandoff[]> {
    const ids = await this.client.zrange(this.key('outbox'), 0, String(limit - 1));
    const packets = await this.packets(ids);
    const delivered = await Promise.all(ids.map((id) => this.client.smembers(this.key('delivered', id))));
    const pending: PendingHandoff[] = [];
    for (const [i, id] of ids.entries()) {
      const packet = packets[i];
      if (packet) pending.push({ id, packet, deliveredTo: delivered[i] ?? [] });
      else await this.closeHandoff(id); // expired with the retention: nothing left to deliver
    }
    return pending;
  }

  async markDelivered(id: string, target: string): Promise<void> {
    const key = this.key('delivered', id);
    await this.exec(this.client.multi().sadd(key, target).pexpire(key, this.retentionMs));
  }

  async closeHandoff(id: string): Promise<void> {
    await this.exec(this.client.multi().zrem(this.key('outbox'), id).del(this.key('delivered', id)));
  }

  async linkThread(sessionId: string, thread: string, at: number): Promise<void> {
    const keep = this.keepMs(at);
    await this.exec(this.client.multi().set(this.key('thread-of', sessionId), thread, 'PX', keep).set(this.key('session-of', thread), sessionId, 'PX', keep));
  }

  async sessionOfThread(thread: string): Promise<string | undefined> {
    return (await this.client.get(this.key('session-of', thread))) ?? undefined;
  }

  async threadOfSession(sessionId: string): Promise<string | undefined> {
    return (await this.client.get(this.key('thread-of', sessionId))) ?? undefined;
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  /** Milliseconds a record made at `at` is still kept. */
  private keepMs(at: number): number {
    return Math.max(1, Math.ceil(at + this.retentionMs - this.now()));
  }

  /** Runs a transaction, with the retention sweep added when one is due; throws the first failed command. */
  private async exec(multi: ChainableCommander): Promise<void> {
    if (this.sweeps.due()) {
      const before = `(${this.now() - this.retentionMs}`;
      for (const set of ['turns', 'feedback', 'handoffs', 'outbox']) multi.zremrangebyscore(this.key(set), '-inf', before);
      for (const set of ['turns', 'feedback']) multi.zremrangebyrank(this.key(set), 0, -(this.maxTurns + 1));
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  private async rangeFrom(set: string, since: number): Promise<string[]> {
    const all: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.client.zrangebyscore(this.key(set), since, '+inf', 'LIMIT', offset, PAGE);
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  private async packets(ids: string[]): Promise<(HandoffPacket | undefined)[]> {
    const out: (HandoffPacket | undefined)[] = [];
    for (let start = 0; start < ids.length; start += PAGE) {
      const raw = await this.client.mget(ids.slice(start, start + PAGE).map((id) => this.key('handoff', id)));
      out.push(...raw.map((json) => (json === null ? undefined : (JSON.parse(json) as HandoffPacket))));
    }
    return out;
  }
}

/** A sorted-set member: a random id (two equal records stay two) and the record's JSON. */
function entry(record: object): string {
  return `${randomUUID()} ${JSON.stringify(record)}`;
}

function fromEntry<T>(member: string): T {
  return JSON.parse(member.slice(member.indexOf(' ') + 1)) as T;
}
