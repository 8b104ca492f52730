import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { scratchDir, UPDOC } from '../helpers/cli.js';

/** The server's log so far, and its address once it logs that it listens. */
function watchLog(stdout: NodeJS.ReadableStream): { text: () => string; address: Promise<string> } {
  let seen = '';
  stdout.setEncoding('utf8');
  const address = new Promise<string>((resolve) => {
    stdout.on('data', (chunk: string) => {
      seen += chunk;
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
  });
  return { text: () => seen, address };
}

describe('updoc serve on SIGTERM', () => {
  it('finishes an open event stream with its done event, then exits 0', async () => {
    const child = spawn(process.execPath, [UPDOC, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: scratchDir(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', STORE_URL: 'memory:' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const log = watchLog(child.stdout);
    const url = await log.address;

    const body = JSON.stringify({ text: 'my site shows 502 Bad Gateway from nginx' });
    const stream = request(`${url}/api/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    stream.end(body);
    const [response] = (await once(stream, 'response')) as [import('node:http').IncomingMessage];
    // The server has accepted the stream and started the turn: now it is told to stop.
    child.kill('SIGTERM');
    let events = '';
    response.setEncoding('utf8');
    for await (const chunk of response) events += chunk as string;

    expect(response.statusCode).toBe(200);
    expect(events).toContain('event: reply');
    expect(events).toContain('event: done');
    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(log.text()).toContain('shutting down: finishing in-flight requests');
  });
});
