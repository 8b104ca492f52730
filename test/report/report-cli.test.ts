import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/analytics/report.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { runCli, scratchDir } from '../helpers/cli.js';
import { freePort, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { feedback, handoff, turn } from '../store/helpers/records.js';
import { disconnectRedisClients, readyRedisClient, TTL } from '../store/helpers/stores.js';

const MINUTE = 60_000;

/** A week's activity: a spike for one shop, a thumbs down, an unanswered question asked twice, a handoff. */
async function recordWeek(store: Store, now: number): Promise<void> {
  for (let i = 0; i < 6; i += 1) await store.recordTurn(turn(now - 10 * MINUTE, `shop-${i}`, { host: 'shop.example.com' }));
  await store.recordFeedback(feedback(now - 10 * MINUTE, 'up', { sessionId: 'shop-0' }));
  await store.recordTurn(turn(now - 2 * 24 * 60 * MINUTE, 'old', { vendor: 'cloudflare', cause: 'upstream_timeout' }));
  await store.recordFeedback(feedback(now - 2 * 24 * 60 * MINUTE, 'down', { sessionId: 'old', article: 'cloudflare-timeout', reply: 'Cloudflare waited 100 s' }));
  for (const id of ['q1', 'q2']) await store.recordTurn(turn(now - 5 * MINUTE, id, { unanswered: true, article: null, kind: 'question', text: 'can you fix my printer' }));
  await store.recordHandoff(handoff(now - 5 * MINUTE, 'q2'));
}

async function reportJson(args: string[], env: Record<string, string>, cwd?: string): Promise<Report> {
  const result = await runCli(['report', '--json', ...args], { env, ...(cwd ? { cwd } : {}) });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('updoc report on the default SQLite store', () => {
  const cwd = scratchDir();
  beforeAll(async () => {
    const store = new SqliteStore(join(cwd, '.updoc', 'sessions.sqlite'), TTL);
    await recordWeek(store, Date.now());
    await store.close();
  });

  it('reports the last 7 days as JSON', async () => {
    const report = await reportJson([], {}, cwd);
    expect(report.conversations).toBe(9);
    expect(report.feedback).toEqual({ up: 1, down: 1 });
    expect(report.handoffs).toBe(1);
    expect(report.unanswered).toEqual([{ text: 'can you fix my printer', count: 2 }]);
    expect(report.thumbsDown).toEqual([{ article: 'cloudflare-timeout', count: 1, example: 'Cloudflare waited 100 s' }]);
    expect(report.vendors).toEqual([{ id: 'nginx', conversations: 8 }, { id: 'cloudflare', conversations: 1 }]);
    expect(report.spikes).toEqual([expect.objectContaining({ host: 'shop.example.com', people: 6, usual: 0 })]);
  });

  it('reports a shorter period with --since', async () => {
    const report = await reportJson(['--since', '30m'], {}, cwd);
    expect(report.conversations).toBe(8);
    expect(report.thumbsDown).toEqual([]);
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(30 * MINUTE);
  });

  it('prints a report a person reads', async () => {
    const { code, stdout } = await runCli(['report', '--since', '4w'], { cwd });
    expect(code).toBe(0);
    expect(stdout).toContain('Conversations: 9 (9 asked something), ');
    expect(stdout).toMatch(/Top unanswered questions\n\s+2\s+can you fix my printer/);
    expect(stdout).toContain('cloudflare-timeout: "Cloudflare waited 100 s"');
    expect(stdout).toContain('Vendors seen: nginx 8, cloudflare 1');
    expect(stdout).toContain('6 people reported 502s for shop.example.com in the hour from');
  });

  it.each(['7', '0d', 'week'])('refuses --since %s with one line and exit 2', async (since) => {
    const { code, stdout, stderr } = await runCli(['report', '--since', since], { cwd });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^updoc: --since takes a duration like 30m, 12h, 7d or 4w, not ".*"\n$/);
  });
});

describe('updoc report on a Redis store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
    const store = new RedisStore(await readyRedisClient(redis.url), { ttlMs: TTL });
    await recordWeek(store, Date.now());
  });
  afterAll(async () => {
    disconnectRedisClients();
    await redis.stop();
  });

  it('reads the same records from STORE_URL', async () => {
    const report = await reportJson(['--since', '12h'], { STORE_URL: redis.url });
    expect(report.conversations).toBe(8);
    expect(report.handoffs).toBe(1);
    expect(report.spikes[0]?.host).toBe('shop.example.com');
  });

  it('says in one line that Redis is not reachable, and exits 1', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(['report'], { env: { STORE_URL: `redis://127.0.0.1:${port}` } });
    expect(code).toBe(1);
    expect(stderr).toBe(`updoc: Redis at 127.0.0.1:${port} is not reachable\n`);
  });
});
