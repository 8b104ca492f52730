import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, scratchDir, UPDOC } from '../helpers/cli.js';

const LOG = '2024/05/01 10:00:00 [error] 9#9: *1 upstream prematurely closed connection while reading response header from upstream, client: 203.0.113.9, server: api.example.com, upstream: "http://127.0.0.1:8000/"';

describe('updoc chat and ask from the command line', () => {
  it('converses through a pipe: one JSON reply per bot message, buttons as {"action"} lines', async () => {
    const input = ['my site is down with 502 bad gateway', '{"action": "fact:upstream:node"}', LOG, 'thanks, that fixed it', ''].join('\n');
    const result = await runCli(['chat', '--json'], { input, env: { STORE_URL: 'memory:' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const replies = jsonLines(result.stdout);
    expect(replies.map((r) => r.kind)).toEqual(['answer', 'answer', 'answer', 'answer']);
    expect((replies[0]?.actions as { id: string }[]).map((a) => a.id)).toContain('fact:upstream:node');
    expect(replies[2]?.diagnosis).toMatchObject({ vendor: 'nginx', upstream: 'node', cause: 'upstream_crash' });
    expect(String(replies[2]?.text)).toContain('upstream prematurely closed connection');
    for (const reply of replies) expect(Object.keys(reply).sort()).toEqual(['actions', 'diagnosis', 'kind', 'text']);
  });

  it('answers each piped turn before the next line arrives', async () => {
    const child = spawn(process.execPath, [UPDOC, 'chat', '--json'], {
      cwd: scratchDir(),
      env: { PATH: process.env.PATH ?? '', STORE_URL: 'memory:' },
    });
    const lines = createInterface({ input: child.stdout });
    const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
    child.stdin.write('hello\n');
    expect(JSON.parse(await next()).kind).toBe('answer');
    child.stdin.write('is a 502 my fault?\n');
    expect(JSON.parse(await next()).diagnosis.intent).toBe('whose_fault');
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  });

  it('reports a malformed JSON line on stderr and goes on', async () => {
    const result = await runCli(['chat', '--json'], { input: '{"nothing": 1}\nhello\n', env: { STORE_URL: 'memory:' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/JSON line must be/);
    expect(jsonLines(result.stdout)).toHaveLength(1);
  });

  it('resumes a stored conversation in a new process (ask --session)', async () => {
    const dir = scratchDir();
    const env = { STORE_URL: `sqlite:${join(dir, 'sessions.sqlite')}` };
    const first = await runCli(['ask', '--json', '--session', 'resume-1', 'what does 502 bad gateway mean'], { cwd: dir, env });
    expect(jsonLines(first.stdout)[0]?.kind).toBe('answer');
    const second = await runCli(['ask', '--json', '--session', 'resume-1', "I'm visiting, it's a shop"], { cwd: dir, env });
    const reply = jsonLines(second.stdout)[0];
    expect(reply?.kind).toBe('answer');
    expect(String(reply?.text)).toMatch(/What you can try/);
    const third = await runCli(['chat', '--json', '--session', 'resume-1'], { cwd: dir, env, input: 'how long will it last?\n' });
    const last = jsonLines(third.stdout)[0];
    expect(last?.diagnosis).toMatchObject({ intent: 'duration' });
    expect((last?.actions as { id: string }[]).some((a) => a.id.startsWith('fact:role'))).toBe(false);
  });

  it('prints replies as plain text without --json', async () => {
    const result = await runCli(['ask', 'hi there'], { env: { STORE_URL: 'memory:' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/502/);
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it('refuses a bad session id and a bad STORE_URL with one line', async () => {
    const bad = await runCli(['ask', '--session', 'a b/c', 'hi']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const store = await runCli(['ask', '--session', 'x', 'hi'], { env: { STORE_URL: 'mysql://nope' } });
    expect(store.code).not.toBe(0);
    expect(store.stderr).toMatch(/STORE_URL/);
    expect(store.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('conversations through `updoc chat --json`', () => {
  const converse = async (...turns: string[]) => {
    const result = await runCli(['chat', '--json'], { input: `${turns.join('\n')}\n`, env: { STORE_URL: 'memory:' } });
    expect(result.code).toBe(0);
    return jsonLines(result.stdout) as { kind: string; text: string; diagnosis: Record<string, string>; actions: { id: string }[] }[];
  };

  it('a Heroku owner: the deploy they name leads, and "can I raise the limit?" gets its own answer', async () => {
    const [first, second] = await converse('my heroku app shows H12 request timeout errors since the deploy', 'can I raise that 30 second limit somewhere?');
    expect(first?.diagnosis).toMatchObject({ vendor: 'heroku', cause: 'upstream_timeout' });
    expect(first?.text).toMatch(/You said it began with a deploy[^]*heroku rollback/);
    expect(first?.text).not.toMatch(/\b(?:sudo|systemctl|journalctl)\b/);
    expect(second?.text).toMatch(/cannot be raised/);
    expect(second?.text.length).toBeLessThan(first?.text.length ?? 0);
  });

  it('a visitor whose every site fails at the office: their own network, and no server log asked of them', async () => {
    const replies = await converse('is it just me? every site shows 502 bad gateway at the office', 'my phone on 4g loads them fine');
    expect(replies[0]?.diagnosis.article).toBe('visitor-own-network');
    expect(replies[0]?.text).toMatch(/proxy|VPN/);
    for (const reply of replies) expect(reply.text).not.toMatch(/log line|error log|your server/i);
    expect(replies.flatMap((r) => r.actions.map((a) => a.id)).some((id) => id.startsWith('fact:'))).toBe(false);
  });
});

describe("a live check's progress in the terminal", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_, res) => {
      res.writeHead(502, { 'content-type': 'text/html', server: 'nginx/1.24.0' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.24.0</center></body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const env = () => ({ STORE_URL: 'memory:', PROBE_ALLOW_PRIVATE: 'true' });
  const host = () => new URL(url).host;

  it('prints only the final state of the progress when the output is a pipe', async () => {
    const result = await runCli(['ask', `is ${url} down? it shows 502`], { env: env() });
    expect(result.code).toBe(0);
    // One progress line, its final state, not one per step each repeating the one before.
    const progressLines = result.stdout.split('\n').filter((line) => line.includes(host()) && !line.startsWith('I checked'));
    expect(progressLines).toHaveLength(1);
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout.indexOf(progressLines[0] as string)).toBeLessThan(result.stdout.indexOf('I checked'));
  });

  it('updates one line in place on a terminal', async () => {
    const command = [process.execPath, UPDOC, 'ask', `is ${url} down? it shows 502`].map((part) => `'${part}'`).join(' ');
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: scratchDir(), env: { PATH: process.env.PATH ?? '', ...env() } });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const rewrites = result.split('\r\u001b[2K').length - 1;
    expect(rewrites).toBeGreaterThanOrEqual(2);
    expect(result).toContain('I checked');
  });
});
