import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startTestServer, type TestServer } from './helpers/web-server.js';

interface ChatResponse {
  sessionId: string;
  replies: { kind: string; text: string; actions: { id: string; label: string }[] }[];
}

const QUESTION = 'what does 502 bad gateway mean';

function post(server: TestServer, path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${server.url}${path}`, { method: 'POST', headers, body });
}

const chat = (server: TestServer, body: unknown) => post(server, '/api/chat', JSON.stringify(body));

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

/** The events of a text/event-stream body, in order. */
function parseEvents(body: string): { event: string; data: unknown }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
      return { event: field('event'), data: JSON.parse(field('data')) as unknown };
    });
}

describe('the chat API over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('starts a session on a turn without one, continues it on the next, and takes a button press', async () => {
    const first = await chat(server, { text: QUESTION });
    expect(first.status).toBe(200);
    const opened = (await first.json()) as ChatResponse;
    expect(opened.sessionId).toMatch(/^[\w-]{8,64}$/);
    expect(opened.replies[0]?.text.length).toBeGreaterThan(0);

    const second = (await (await chat(server, { sessionId: opened.sessionId, text: "it's my own site" })).json()) as ChatResponse;
    expect(second.sessionId).toBe(opened.sessionId);
    expect(second.replies[0]?.text).not.toBe(opened.replies[0]?.text);

    const action = second.replies[0]?.actions.find((a) => a.id === 'feedback:up') ?? second.replies[0]?.actions[0];
    expect(action, 'the answer offers buttons').toBeDefined();
    const pressed = await chat(server, { sessionId: opened.sessionId, action: action?.id });
    expect(pressed.status).toBe(200);
    expect(((await pressed.json()) as ChatResponse).replies[0]?.text).not.toBe(second.replies[0]?.text);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    await expectError(await post(server, '/api/chat', '{"text": "unfinished'), 400, 'malformed_json');
  });

  it('answers a body with neither text nor action, or with both, with 400 invalid_request', async () => {
    await expectError(await chat(server, {}), 400, 'invalid_request');
    await expectError(await chat(server, { text: 'hello', action: 'human' }), 400, 'invalid_request');
  });

  it('answers an unknown session with 404 unknown_session', async () => {
    await expectError(await chat(server, { sessionId: 'no-such-session-0001', text: QUESTION }), 404, 'unknown_session');
    await expectError(await fetch(`${server.url}/api/sessions/no-such-session-0001`), 404, 'unknown_session');
  });

  it('answers a body over the limit with 413 too_large', async () => {
    await expectError(await chat(server, { text: 'x'.repeat(600 * 1024) }), 413, 'too_large');
  });

  it('answers a body that is not JSON with 415', async () => {
    await expectError(await post(server, '/api/chat', QUESTION, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('streams a turn as server-sent events: session, then replies, then done', async () => {
    const response = await post(server, '/api/chat/stream', JSON.stringify({ text: QUESTION }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseEvents(await response.text());
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('session');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(1, -1).length).toBeGreaterThan(0);
    expect(names.slice(1, -1).every((name) => name === 'reply')).toBe(true);
    const sessionId = (events[0]?.data as { sessionId: string }).sessionId;
    expect((events.at(-1)?.data as { sessionId: string }).sessionId).toBe(sessionId);
  });

  it('gives back a stored conversation for restoring, button presses included', async () => {
    const opened = (await (await chat(server, { text: QUESTION })).json()) as ChatResponse;
    const button = opened.replies[0]?.actions[0];
    expect(button).toBeDefined();
    await chat(server, { sessionId: opened.sessionId, action: button?.id });

    const response = await fetch(`${server.url}/api/sessions/${opened.sessionId}`);
    expect(response.status).toBe(200);
    const restored = (await response.json()) as { sessionId: string; messages: { from: string; text: string; actions?: unknown[] }[] };
    expect(restored.sessionId).toBe(opened.sessionId);
    expect(restored.messages.map((m) => m.from)).toEqual(['person', 'bot', 'person', 'bot']);
    expect(restored.messages[0]?.text).toBe(QUESTION);
    expect(restored.messages[1]?.text).toBe(opened.replies[0]?.text);
    expect(restored.messages[1]?.actions).toEqual(opened.replies[0]?.actions);
    expect(restored.messages[2]?.text).toBe(`[button] ${button?.id}`);
  });
});

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ rateLimitPerMinute: 3 });
  });
  afterAll(() => server.close());

  it('answers the request over the limit with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await chat(server, { text: QUESTION })).status).toBe(200);
    const refused = await chat(server, { text: QUESTION });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 429, 'rate_limited');
  });
});

describe('CORS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: ['https://help.example.com'] });
  });
  afterAll(() => server.close());

  const preflight = (origin: string) =>
    fetch(`${server.url}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('lets an allowed origin call the API', async () => {
    const response = await preflight('https://help.example.com');
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('does not let another origin call it', async () => {
    const response = await preflight('https://evil.example.net');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks the actual response of an allowed origin, streamed ones too', async () => {
    const headers = { 'content-type': 'application/json', origin: 'https://help.example.com' };
    const plain = await post(server, '/api/chat', JSON.stringify({ text: QUESTION }), headers);
    expect(plain.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    const streamed = await post(server, '/api/chat/stream', JSON.stringify({ text: QUESTION }), headers);
    expect(streamed.headers.get('access-control-allow-origin')).toBe('https://help.example.com');
    await streamed.text();
  });
});

describe('a conversation in SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-web-'));
  const file = join(dir, 'sessions.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a server restart', async () => {
    const before = await startTestServer({ store: new SqliteStore(file, Infinity) });
    const opened = (await (await chat(before, { text: QUESTION })).json()) as ChatResponse;
    await before.close();

    const after = await startTestServer({ store: new SqliteStore(file, Infinity) });
    try {
      const restored = (await (await fetch(`${after.url}/api/sessions/${opened.sessionId}`)).json()) as { messages: { text: string }[] };
      expect(restored.messages.map((m) => m.text)).toEqual([QUESTION, opened.replies[0]?.text]);
      const next = await chat(after, { sessionId: opened.sessionId, text: "it's my own site" });
      expect(next.status).toBe(200);
      const continued = (await next.json()) as ChatResponse;
      expect(continued.sessionId).toBe(opened.sessionId);
      expect(continued.replies[0]?.text).not.toBe(opened.replies[0]?.text);
    } finally {
      await after.close();
    }
  });
});
