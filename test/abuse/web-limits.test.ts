import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/runtime/config.js';
import { freePort } from '../helpers/redis-server.js';
import { startServe, type ServeProcess } from '../scale/helpers/serve.js';
import { chat, send } from './helpers/client.js';
import { serveBot, type Served } from './helpers/served.js';

/**
 * Findings 2, 3, 5 and 11 of the attack on the public web API (issue 16), each reproduced
 * against a real `updoc serve` process (or the real server in this process, where a test needs
 * timeouts short enough to wait for) and shown to hold.
 */

const stopped: ServeProcess[] = [];
async function serve(env: Record<string, string>): Promise<ServeProcess> {
  const server = await startServe({ STORE_URL: 'memory:', ...env });
  stopped.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(stopped.map((server) => server.kill('SIGKILL')));
});

describe('finding 2: the rate limit is not dodged with X-Forwarded-For', () => {
  it('counts a client by its own address when no proxy is trusted: 150 requests with 150 forwarded addresses get 429 past 120', async () => {
    const server = await serve({ RATE_LIMIT_PER_MINUTE: '120' });
    const statuses: number[] = [];
    for (let i = 0; i < 150; i += 1) {
      statuses.push((await chat(server.url, { text: 'hi' }, { headers: { 'x-forwarded-for': `198.51.100.${i}` } })).status);
    }
    expect(statuses.slice(0, 120).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(120).every((status) => status === 429)).toBe(true);
  });

  it('behind a trusted proxy counts the client the proxy saw, whatever the client wrote into the header before it', async () => {
    const server = await serve({ RATE_LIMIT_PER_MINUTE: '20', TRUST_PROXY: '127.0.0.1' });
    // The proxy appends the address it saw (203.0.113.7) to what the client sent.
    const spoofed = (i: number) => ({ headers: { 'x-forwarded-for': `10.9.8.${i}, 203.0.113.7` }, from: '127.0.0.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) statuses.push((await chat(server.url, { text: 'hi' }, spoofed(i))).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    // Another visitor behind the same proxy has a budget of its own.
    expect((await chat(server.url, { text: 'hi' }, { headers: { 'x-forwarded-for': '203.0.113.8' }, from: '127.0.0.1' })).status).toBe(200);
    // A client that is not the proxy is not believed: 127.0.0.2 is counted as itself.
    const direct: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      direct.push((await chat(server.url, { text: 'hi' }, { headers: { 'x-forwarded-for': `203.0.113.${100 + i}` }, from: '127.0.0.2' })).status);
    }
    expect(direct.at(-1)).toBe(429);
  });
});

/** Sends `total` bytes as the body of one request, a chunk at a time, until the server answers. */
function upload(url: string, contentType: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': total } }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x89);
    const writeMore = () => {
      while (!answered && sent < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!request.write(piece)) {
          request.once('drain', writeMore);
          return;
        }
      }
      if (!answered) request.end();
    };
    writeMore();
  });
}

/** Sends a request's headers announcing `total` bytes of body, and none of the body; the answer. */
function announce(url: string, contentType: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': contentType, 'content-length': total } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

/** Asks /healthz again and again until `done` settles; every answer's status. */
async function healthWhile(url: string, done: Promise<unknown>): Promise<number[]> {
  const statuses: number[] = [];
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) statuses.push((await send(`${url}/healthz`)).status);
  return statuses;
}

describe('finding 3: image bytes sent to /api/chat do not stall the server', () => {
  const IMAGE_BYTES = Math.round(11.9 * 1024 * 1024);
  let server: ServeProcess;
  beforeAll(async () => {
    server = await serve({});
  });

  it('refuses image bytes at /api/chat with 415 from the headers alone', async () => {
    // Only the headers go out: an answer proves the body was never waited for. (How much of a
    // whole upload the kernel takes in before the answer arrives depends on the machine.)
    const { status, body } = await announce(`${server.url}/api/chat`, 'image/png', IMAGE_BYTES);
    expect(status).toBe(415);
    expect(JSON.parse(body)).toEqual({ error: { code: 'unsupported_media_type', message: expect.stringContaining('/api/screenshot') } });
  });

  it('answers /healthz throughout an 11.9 MB image upload to /api/chat, which it refuses', async () => {
    const refused = upload(`${server.url}/api/chat`, 'image/png', IMAGE_BYTES);
    const health = await healthWhile(server.url, refused);
    expect((await refused).status).toBe(415);
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
  });

  it('refuses an 11.9 MB JSON body with 413 from its Content-Length alone', async () => {
    // Only the headers go out: an answer proves the body was never waited for (and a client still
    // writing cannot lose the answer to a reset connection).
    const { status, body } = await announce(`${server.url}/api/chat`, 'application/json', IMAGE_BYTES);
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({ error: { code: 'too_large', message: 'the request body is too large' } });
  });

  it('answers a body of thousands of unknown keys with one short error, not a list of them all', async () => {
    const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1]));
    const answer = await send(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi', ...keys }) });
    expect(answer.status).toBe(400);
    expect(answer.body.length).toBeLessThan(400);
  });
});

describe('finding 5: slow connections are closed', () => {
  const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_200, checkEveryMs: 100, perClient: 8 };
  let served: Served;
  let url: string;
  beforeAll(async () => {
    served = await serveBot(loadConfig({ STORE_URL: 'memory:' }), { web: { connectionLimits: LIMITS } });
    url = served.url;
  });
  afterAll(() => served.close());

  /** A raw connection that sends `head`, then one byte every 100 ms; what the server said, once it closed it. */
  function trickle(head: string, from = '127.0.0.2'): { socket: Socket; closed: Promise<string> } {
    const { port } = new URL(url);
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: from });
    let heard = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (heard += chunk));
    socket.on('error', () => undefined);
    const timer = setInterval(() => socket.write('a'), 100);
    socket.once('connect', () => socket.write(head));
    const closed = new Promise<string>((resolve) => socket.once('close', () => {
      clearInterval(timer);
      resolve(heard);
    }));
    return { socket, closed };
  }

  it('closes a connection whose headers trickle in, after the header timeout', async () => {
    const { closed } = trickle('POST /api/chat HTTP/1.1\r\nHost: updoc\r\nX-Slow: ');
    expect(await closed).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('closes a connection whose body trickles in (408), after the request timeout, and /healthz answers meanwhile', async () => {
    const { closed } = trickle('POST /api/chat HTTP/1.1\r\nHost: updoc\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
    const health = await healthWhile(url, closed);
    expect(await closed).toMatch(/^HTTP\/1\.1 408 Request Timeout/);
    expect(health.every((s) => s === 200)).toBe(true);
  });

  it('holds at most perClient connections of one client open, and everyone else still gets in', async () => {
    const slow = Array.from({ length: 40 }, () => trickle('POST /api/chat HTTP/1.1\r\nHost: updoc\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n'));
    const heard = await Promise.all(slow.map((s) => s.closed));
    // Those over the cap are cut at once without a word; the others ran into the request timeout.
    expect(heard.filter((text) => text === '').length).toBe(40 - LIMITS.perClient);
    expect(heard.filter((text) => text.startsWith('HTTP/1.1 408')).length).toBe(LIMITS.perClient);
    expect((await send(`${url}/healthz`, { from: '127.0.0.3' })).status).toBe(200);
  });
});

describe('CONNECTIONS_PER_CLIENT sets the cap on one client\'s open connections', () => {
  /** Opens a raw connection from `from` and resolves, once it connects, with whether the server closed it within 500 ms. */
  function closedAtOnce(url: string, from: string): Promise<{ socket: Socket; closed: boolean }> {
    const { port } = new URL(url);
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: from });
    socket.on('error', () => undefined);
    return new Promise((resolve) =>
      socket.once('connect', () => {
        const timer = setTimeout(() => resolve({ socket, closed: false }), 500);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve({ socket, closed: true });
        });
      }),
    );
  }

  it('a `updoc serve` with CONNECTIONS_PER_CLIENT=3 keeps three idle connections of one client and closes the fourth and fifth', async () => {
    const server = await serve({ CONNECTIONS_PER_CLIENT: '3' });
    const held: Socket[] = [];
    const outcomes: boolean[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { socket, closed } = await closedAtOnce(server.url, '127.0.0.4');
      held.push(socket);
      outcomes.push(closed);
    }
    expect(outcomes).toEqual([false, false, false, true, true]);
    expect((await send(`${server.url}/healthz`, { from: '127.0.0.5' })).status).toBe(200);
    for (const socket of held) socket.destroy();
  });

  it('refuses a cap that is not a whole number of at least 1, naming the variable', () => {
    expect(() => loadConfig({ CONNECTIONS_PER_CLIENT: '0' })).toThrow(/CONNECTIONS_PER_CLIENT/);
    expect(() => loadConfig({ CONNECTIONS_PER_CLIENT: 'many' })).toThrow(/CONNECTIONS_PER_CLIENT/);
  });
});

describe('finding 11: operational endpoints, error texts and security headers', () => {
  it('does not serve /metrics on the public port unless METRICS_TOKEN is set, then only to its bearer, without CORS', async () => {
    const open = await serve({});
    expect((await send(`${open.url}/metrics`)).status).toBe(404);
    const guarded = await serve({ METRICS_TOKEN: 'a-long-random-metrics-token' });
    const origin = { origin: 'https://evil.example' };
    const refused = await send(`${guarded.url}/metrics`, { headers: origin });
    expect(refused.status).toBe(401);
    const allowed = await send(`${guarded.url}/metrics`, { headers: { ...origin, authorization: 'Bearer a-long-random-metrics-token' } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain('updoc_turns_total');
    expect(allowed.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves /metrics and /readyz on OPS_PORT, apart from the public port', async () => {
    const opsPort = await freePort();
    const server = await serve({ OPS_PORT: String(opsPort) });
    expect((await send(`${server.url}/metrics`)).status).toBe(404);
    const ops = `http://127.0.0.1:${opsPort}`;
    expect((await send(`${ops}/metrics`)).body).toContain('nodejs_eventloop_lag_seconds');
    expect((await send(`${ops}/readyz`)).status).toBe(200);
    expect((await send(`${ops}/api/chat`, { method: 'POST' })).status).toBe(404);
  });

  it('answers /readyz without the store library\'s own error text', async () => {
    const nobody = await freePort();
    const server = await serve({ STORE_URL: `redis://127.0.0.1:${nobody}` });
    const answer = await send(`${server.url}/readyz`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({ ready: false, notReady: { store: 'the session store does not answer' } });
    expect(answer.body).not.toContain(String(nobody));
  });

  it('sends a content policy and nosniff with the demo page, the widget script and API answers', async () => {
    const server = await serve({});
    const page = await send(`${server.url}/`);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[\w+/=]+'; /);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = await send(`${server.url}/widget.js`);
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-security-policy']).toContain("default-src 'none'");
    const api = await chat(server.url, { text: 'hi' });
    expect(api.status).toBe(200);
    const answer = await send(`${server.url}/api/sessions/${api.sessionId}`);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
