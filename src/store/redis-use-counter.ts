import type { Redis } from 'ioredis';
import type { UseCounter } from './use-counter.js';

/** Counts shared by every process on one Redis: the window starts with its first use and expires by itself. */
export class RedisUseCounter implements UseCounter {
  constructor(private readonly client: Redis, private readonly prefix = 'updoc:uses:') {}

  async take(key: string, limit: number, windowMs: number): Promise<boolean> {
    const name = `${this.prefix}${key}`;
    const results = await this.client.multi().set(name, '0', 'PX', Math.max(1, Math.ceil(windowMs)), 'NX').incr(name).exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
    return Number(results?.[1]?.[1]) <= limit;
  }
}
