import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { closeAll, httpServer, listen } from './support/servers.js';

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

let server: Server;
let port = 0;
let url = '';

beforeAll(async () => {
  server = httpServer((_req, res) => res.writeHead(502, { server: 'nginx/1.24.0', 'content-type': 'text/html' }).end(NGINX_502));
  port = await listen(server);
  url = `http://127.0.0.1:${port}/`;
});

afterAll(() => closeAll([server]));

const env = () => ({ PROBE_ALLOWED_PORTS: `80,443,${port}` });

function oneJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] as string) as Record<string, unknown>;
}

describe('updoc probe', () => {
  it('prints one JSON report with every field of the contract', async () => {
    const result = await runCli(['probe', url, '--json', '--allow-private'], { env: env() });
    expect(result.code).toBe(0);
    const report = oneJson(result.stdout);
    for (const field of ['url', 'finalUrl', 'verdict', 'status', 'vendor', 'cause', 'addresses', 'timings', 'headers', 'attempts', 'redirects', 'error', 'summary']) {
      expect(report).toHaveProperty(field);
    }
    expect(Object.keys(report.timings as object)).toEqual(['dns', 'connect', 'tls', 'ttfb', 'total']);
    expect(report).toMatchObject({ url, finalUrl: url, verdict: 'gateway_error', status: 502, vendor: 'nginx', addresses: ['127.0.0.1'], redirects: [], error: null });
    // Added to the contract: what the DNS lookup found (an address needs none).
    expect(report.dns).toBe('not_looked_up');
    const attempts = report.attempts as Record<string, unknown>[];
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) expect(Object.keys(attempt)).toEqual(expect.arrayContaining(['status', 'ttfb', 'error']));
    expect(report.summary).toMatch(/^127\.0\.0\.1 answered 502 from nginx in .* on 3 of 3 attempts: /);
  }, 60_000);

  it('prints a text report with phases, verdict, vendor and summary', async () => {
    const result = await runCli(['probe', url, '--allow-private'], { env: env() });
    expect(result.code).toBe(0);
    for (const line of [/verdict +gateway_error \(steady, 3 attempts\)/, /status +502/, /vendor +nginx/, /connect +\S+/, /ttfb +\S+/, /total +\S+/, /answered 502 from nginx/]) {
      expect(result.stdout).toMatch(line);
    }
  }, 60_000);

  it('reads PROBE_ALLOW_PRIVATE=true as --allow-private', async () => {
    const result = await runCli(['probe', url, '--json'], { env: { ...env(), PROBE_ALLOW_PRIVATE: 'true' } });
    expect(oneJson(result.stdout).verdict).toBe('gateway_error');
  }, 60_000);

  it('reports a loopback address as blocked without --allow-private, and exits 0', async () => {
    const result = await runCli(['probe', '--json', 'http://127.0.0.1/']);
    expect(result.code).toBe(0);
    expect(oneJson(result.stdout)).toMatchObject({ verdict: 'blocked', blockReason: 'forbidden_address', status: null, attempts: [{ verdict: 'blocked' }] });
  }, 60_000);

  it('reports text that is not a URL as invalid_url, and exits 0', async () => {
    const result = await runCli(['probe', '--json', 'http://exa mple.com/']);
    expect(result.code).toBe(0);
    expect(oneJson(result.stdout)).toMatchObject({ verdict: 'invalid_url', finalUrl: null, attempts: [] });
    const text = await runCli(['probe', 'http://exa mple.com/']);
    expect(text.stdout).toMatch(/verdict +invalid_url/);
  }, 60_000);

  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, extraEnv, message] of [
      [['probe', '--bogus', url], {}, /unknown option '--bogus'/],
      [['probe'], {}, /missing required argument 'url'/],
      [['probe', url, 'second'], {}, /too many arguments/],
      [['probe', url], { PROBE_ALLOWED_PORTS: 'eighty' }, /^updoc: invalid configuration: PROBE_ALLOWED_PORTS: must be a comma-separated list of ports/],
    ] as const) {
      const result = await runCli([...args], { env: extraEnv });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);
});
