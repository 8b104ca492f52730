import type { Redis } from 'ioredis';
import type { Deduplicator } from './deduplicator.js';

/** Keys shared by every process on one Redis: SET NX PX, so exactly one caller sees a key first. */
export class RedisDeduplicator implements Deduplicator {
  constructor(private readonly client: Redis, private readonly prefix = 'updoc:seen:') {}

  async seen(key: string, ttlMs: number): Promise<boolean> {
    const first = await this.client.set(`${this.prefix}${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX');
    return first === null;
  }
}
