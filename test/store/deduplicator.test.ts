import { describe, expect, it, vi } from 'vitest';
import { MemoryDeduplicator, type Deduplicator } from '../../src/store/deduplicator.js';
import { RedisDeduplicator } from '../../src/store/redis-deduplicator.js';
import { redisForSuite, readyRedisClient } from './helpers/stores.js';

const redis = redisForSuite();

function dedupContract(name: string, open: () => Promise<Deduplicator>) {
  describe(`${name} deduplicator`, () => {
    it('sees a key the second time, and each key on its own', async () => {
      const dedup = await open();
      expect(await dedup.seen('event-1', 60_000)).toBe(false);
      expect(await dedup.seen('event-1', 60_000)).toBe(true);
      expect(await dedup.seen('event-2', 60_000)).toBe(false);
    });

    it('lets exactly one of many simultaneous callers see a key first', async () => {
      const dedup = await open();
      const answers = await Promise.all(Array.from({ length: 20 }, () => dedup.seen('race', 60_000)));
      expect(answers.filter((seen) => !seen)).toHaveLength(1);
    });
  });
}

let prefixes = 0;
dedupContract('memory', async () => new MemoryDeduplicator());
dedupContract('redis', async () => new RedisDeduplicator(await readyRedisClient(redis().url), `dedup${++prefixes}:`));

describe('deduplicator expiry', () => {
  it('forgets a key when its time to live is over (memory, test clock)', async () => {
    let now = 0;
    const dedup = new MemoryDeduplicator(() => now);
    await dedup.seen('k', 1_000);
    now = 999;
    expect(await dedup.seen('k', 1_000)).toBe(true);
    now = 1_000;
    expect(await dedup.seen('k', 1_000)).toBe(false);
  });

  it('forgets a key when its time to live is over (redis, PX)', async () => {
    const client = await readyRedisClient(redis().url);
    const dedup = new RedisDeduplicator(client, 'expiry:');
    await dedup.seen('k', 50);
    await vi.waitFor(async () => expect(await dedup.seen('k', 60_000)).toBe(false), { timeout: 10_000, interval: 20 });
    expect(await dedup.seen('k', 60_000)).toBe(true);
  });
});
