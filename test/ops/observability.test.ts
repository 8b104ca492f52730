import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/channels/web/server.js';
import { Bot } from '../../src/core/bot.js';
import type { SessionStore } from '../../src/core/dialog/session-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { realDiagnoser } from '../helpers/conversation.js';
import { NO_PAGES } from '../web/helpers/web-server.js';

/** Collects the server's JSON log lines. */
class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

/** A store whose lookups fail, as an unreachable database's would. */
class UnreachableStore extends MemoryStore {
  override async load(): Promise<never> {
    throw new Error('connection refused');
  }
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const METRICS_TOKEN = 'metrics-token-for-tests';

async function server(options: { store?: SessionStore; logs?: LogLines } = {}): Promise<FastifyInstance> {
  app = await buildWebServer({
    bot: new Bot({ diagnoser: realDiagnoser(), store: options.store ?? new MemoryStore() }),
    assets: NO_PAGES,
    allowedOrigins: ['*'],
    rateLimitPerMinute: 10_000,
    metricsToken: METRICS_TOKEN,
    ...(options.logs ? { logger: { stream: options.logs } } : {}),
  });
  return app;
}

describe('request ids', () => {
  it('keeps a safe incoming x-request-id, echoes it and logs every request line with it', async () => {
    const logs = new LogLines();
    const web = await server({ logs });
    const response = await web.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'edge-1234.abc' } });
    expect(response.headers['x-request-id']).toBe('edge-1234.abc');
    const requestLines = logs.lines.filter((line) => 'req' in line || 'res' in line);
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const line of requestLines) expect(line.reqId).toBe('edge-1234.abc');
  });

  it('replaces a missing or unsafe id with a UUID', async () => {
    const web = await server();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const none = await web.inject({ method: 'GET', url: '/healthz' });
    const unsafe = await web.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a b\u0007<script>' } });
    expect(none.headers['x-request-id']).toMatch(uuid);
    expect(unsafe.headers['x-request-id']).toMatch(uuid);
  });

  it('echoes the id on errors and on the event stream', async () => {
    const web = await server();
    const missing = await web.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'err-1' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-request-id']).toBe('err-1');
    const stream = await web.inject({ method: 'POST', url: '/api/chat/stream', headers: { 'x-request-id': 'sse-1' }, payload: { text: 'hi' } });
    expect(stream.headers['x-request-id']).toBe('sse-1');
    expect(stream.body).toContain('event: done');
  });
});

/** The samples of one metric in Prometheus's text format, as label sets with their values. */
function samples(text: string, name: string): { labels: string; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const match = /^\S+?(\{.*\})?\s+(\S+)$/.exec(line);
      return { labels: match?.[1] ?? '', value: Number(match?.[2]) };
    });
}

describe('/metrics', () => {
  it('counts turns by kind and intent, times them, counts error statuses and reports process metrics', async () => {
    const web = await server();
    const chat = await web.inject({ method: 'POST', url: '/api/chat', payload: { text: 'I get a 502 Bad Gateway on my site' } });
    expect(chat.statusCode).toBe(200);
    const final = (chat.json() as { replies: { kind: string; diagnosis: { intent: string } }[] }).replies.at(-1);
    await web.inject({ method: 'POST', url: '/api/chat', payload: { text: 42 } });

    const response = await web.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    const turns = samples(text, 'updoc_turns_total');
    expect(turns).toContainEqual({ labels: `{channel="web",kind="${final?.kind}",intent="${final?.diagnosis.intent}"}`, value: 1 });
    expect(samples(text, 'updoc_turn_duration_seconds_count')).toEqual([{ labels: '{channel="web"}', value: 1 }]);
    expect(samples(text, 'updoc_http_errors_total')).toContainEqual({ labels: '{class="4xx"}', value: 1 });
    expect(text).toContain('# TYPE updoc_probes_total counter');
    expect(text).toContain('# TYPE updoc_ocr_duration_seconds histogram');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('/readyz', () => {
  it('is 200 when the knowledge is loaded and the store answers', async () => {
    const web = await server();
    const response = await web.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true });
  });

  it('is 503 naming the store when the store does not answer, its error only in the log, while /healthz stays 200', async () => {
    const logs = new LogLines();
    const web = await server({ store: new UnreachableStore(), logs });
    const response = await web.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const body = response.json() as { ready: boolean; notReady: Record<string, string> };
    expect(body).toEqual({ ready: false, notReady: { store: 'the session store does not answer' } });
    expect(response.body).not.toContain('connection refused');
    expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'not ready: store', err: expect.objectContaining({ message: 'connection refused' }) }));
    expect((await web.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
