import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyOverrides } from '../../src/probe/policy.js';
import type { BlockReason, Clock, Resolve } from '../../src/probe/types.js';
import { mapResolver, NO_LIMITS, testProber } from './support/prober.js';
import { closeAll, httpServer, listen, tcpServer } from './support/servers.js';

/**
 * Hostile URLs must be refused before any connection is made. Most of them point at a canary TCP
 * server on loopback (both 127.0.0.1 and ::1) whose port is on the allow-list, so that only the
 * address policy stands between the probe and the canary: the suite ends by checking that the
 * canary never accepted a connection.
 *
 * Decisions documented here: text the URL parser rejects is `invalid_url`; a parseable URL with
 * another scheme (file:, gopher:, ftp:, data:, javascript:, ws:) is `blocked` with reason `scheme`.
 * A rate-limited probe is `blocked` with reason `rate_limited` and says which limit in `error`.
 */

let canaryHits = 0;
let canaryPort = 0;
let allowedPort = 0;
const servers: Server[] = [];

beforeAll(async () => {
  const canary = tcpServer((socket) => {
    canaryHits++;
    socket.destroy();
  });
  canaryPort = await listen(canary, '127.0.0.1');
  const canaryV6 = tcpServer((socket) => {
    canaryHits++;
    socket.destroy();
  });
  await listen(canaryV6, '::1', canaryPort);
  const allowed = httpServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to }).end();
    else res.end('allowed');
  });
  allowedPort = await listen(allowed);
  servers.push(canary, canaryV6, allowed);
});

afterAll(() => closeAll(servers));

const NAMES: Record<string, string[]> = {
  'allowed.test': ['127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'localhost.': ['127.0.0.1'],
  'evil.test': ['127.0.0.1'],
  'meta.test': ['169.254.169.254'],
  'mapped.test': ['::ffff:10.0.0.1'],
  'private.test': ['10.0.0.5'],
  'v6loopback.test': ['::1'],
  'ula.test': ['fd00::1'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'nat64.test': ['64:ff9b::7f00:1'],
  'sixtofour.test': ['2002:a9fe:a9fe::1'],
  'cgnat.test': ['100.64.0.1'],
  'odd.test': ['127.1'],
};

function policy(overrides: PolicyOverrides = {}): PolicyOverrides {
  return {
    ...NO_LIMITS,
    allowPrivate: false,
    allowedPorts: [80, 443, 8080, 8443, canaryPort, allowedPort],
    // The one test server hostile redirects start from: exactly this endpoint, nothing else on loopback.
    trustedEndpoints: [`127.0.0.1:${allowedPort}`],
    spacingMs: 10,
    timeouts: { dnsMs: 500, connectMs: 500, tlsMs: 500, ttfbMs: 1_000, readMs: 1_000, totalMs: 2_000 },
    ...overrides,
  };
}

const prober = (overrides: PolicyOverrides = {}, resolve: Resolve = mapResolver(NAMES)) => testProber(policy(overrides), resolve);

type Case = [url: () => string, reason: BlockReason];
const C = () => canaryPort;
const A = () => allowedPort;
const redirect = (to: () => string): (() => string) => () => `http://allowed.test:${A()}/?to=${encodeURIComponent(to())}`;

const HOSTILE: Record<string, Case[]> = {
  'loopback in every spelling': [
    [() => `http://127.0.0.1:${C()}/`, 'forbidden_address'],
    [() => `http://127.1:${C()}/`, 'forbidden_address'],
    [() => `http://0x7f.1:${C()}/`, 'forbidden_address'],
    [() => `http://0x7f000001:${C()}/`, 'forbidden_address'],
    [() => `http://2130706433:${C()}/`, 'forbidden_address'],
    [() => `http://0177.0.0.1:${C()}/`, 'forbidden_address'],
    [() => `http://017700000001:${C()}/`, 'forbidden_address'],
    [() => `http://127.000.000.001:${C()}/`, 'forbidden_address'],
    [() => `http://127.255.255.254:${C()}/`, 'forbidden_address'],
    [() => `http://0.0.0.0:${C()}/`, 'forbidden_address'],
    [() => `http://0:${C()}/`, 'forbidden_address'],
    [() => `http://localhost:${C()}/`, 'forbidden_address'],
    [() => `http://LOCALHOST.:${C()}/`, 'forbidden_address'],
  ],
  'private, link-local, CGNAT, multicast, reserved, documentation, benchmarking': [
    [() => 'http://10.0.0.1/', 'forbidden_address'],
    [() => 'http://10.1/', 'forbidden_address'],
    [() => 'http://172.16.0.1/', 'forbidden_address'],
    [() => 'http://172.31.255.254:8080/', 'forbidden_address'],
    [() => 'http://192.168.1.1/', 'forbidden_address'],
    [() => 'http://169.254.169.254/latest/meta-data/', 'forbidden_address'],
    [() => 'http://2852039166/latest/meta-data/', 'forbidden_address'],
    [() => 'http://0xa9.0xfe.0xa9.0xfe/', 'forbidden_address'],
    [() => 'http://169.254.43518/', 'forbidden_address'],
    [() => 'http://100.64.0.1/', 'forbidden_address'],
    [() => 'http://100.127.255.254/', 'forbidden_address'],
    [() => 'http://224.0.0.1/', 'forbidden_address'],
    [() => 'http://239.255.255.250:8080/', 'forbidden_address'],
    [() => 'http://255.255.255.255/', 'forbidden_address'],
    [() => 'http://240.0.0.1/', 'forbidden_address'],
    [() => 'http://192.0.0.8/', 'forbidden_address'],
    [() => 'http://192.0.2.1/', 'forbidden_address'],
    [() => 'http://198.51.100.7/', 'forbidden_address'],
    [() => 'https://203.0.113.9/', 'forbidden_address'],
    [() => 'http://198.18.0.1/', 'forbidden_address'],
  ],
  'IPv6 forms': [
    [() => `http://[::1]:${C()}/`, 'forbidden_address'],
    [() => `http://[0:0:0:0:0:0:0:1]:${C()}/`, 'forbidden_address'],
    [() => `http://[::]:${C()}/`, 'forbidden_address'],
    [() => `http://[::ffff:127.0.0.1]:${C()}/`, 'forbidden_address'],
    [() => `http://[::ffff:7f00:1]:${C()}/`, 'forbidden_address'],
    [() => `http://[::127.0.0.1]:${C()}/`, 'forbidden_address'],
    [() => `http://[64:ff9b::127.0.0.1]:${C()}/`, 'forbidden_address'],
    [() => `http://[2002:7f00:1::1]:${C()}/`, 'forbidden_address'],
    [() => `http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:${C()}/`, 'forbidden_address'],
    [() => 'http://[::ffff:a9fe:a9fe]/', 'forbidden_address'],
    [() => 'http://[::ffff:10.0.0.1]/', 'forbidden_address'],
    [() => 'http://[fd00::1]/', 'forbidden_address'],
    [() => 'http://[fc00::1]/', 'forbidden_address'],
    [() => 'http://[fe80::1]/', 'forbidden_address'],
    [() => 'http://[fec0::1]/', 'forbidden_address'],
    [() => 'http://[ff02::1]/', 'forbidden_address'],
    [() => 'http://[2001:db8::1]/', 'forbidden_address'],
    [() => 'http://[100::1]/', 'forbidden_address'],
  ],
  'names that resolve to forbidden addresses': [
    [() => `http://evil.test:${C()}/`, 'forbidden_address'],
    [() => 'http://meta.test/latest/meta-data/', 'forbidden_address'],
    [() => 'http://mapped.test/', 'forbidden_address'],
    [() => 'http://private.test/', 'forbidden_address'],
    [() => `http://v6loopback.test:${C()}/`, 'forbidden_address'],
    [() => 'http://ula.test/', 'forbidden_address'],
    [() => `http://mixed.test:${C()}/`, 'forbidden_address'],
    [() => `http://nat64.test:${C()}/`, 'forbidden_address'],
    [() => 'http://sixtofour.test/', 'forbidden_address'],
    [() => 'http://cgnat.test/', 'forbidden_address'],
    [() => `http://odd.test:${C()}/`, 'forbidden_address'],
  ],
  'user names, passwords and ports': [
    [() => `http://user:pass@allowed.test:${A()}/`, 'userinfo'],
    [() => `http://user@allowed.test:${A()}/`, 'userinfo'],
    [() => `http://allowed.test:${A()}@127.0.0.1:${C()}/`, 'userinfo'],
    [() => 'http://allowed.test:22/', 'port'],
    [() => 'http://allowed.test:6379/', 'port'],
    [() => 'https://allowed.test:25/', 'port'],
    [() => 'http://allowed.test:0/', 'port'],
  ],
  'other schemes': [
    [() => 'file:///etc/passwd', 'scheme'],
    [() => `gopher://127.0.0.1:${C()}/_GET%20/`, 'scheme'],
    [() => `ftp://127.0.0.1:${C()}/`, 'scheme'],
    [() => `dict://127.0.0.1:${C()}/info`, 'scheme'],
    [() => `ws://127.0.0.1:${C()}/`, 'scheme'],
    [() => 'javascript:alert(1)', 'scheme'],
    [() => 'data:text/html,<h1>hi</h1>', 'scheme'],
  ],
  'redirects from an allowed host to a forbidden one': [
    [redirect(() => `http://127.0.0.1:${C()}/`), 'forbidden_address'],
    [redirect(() => `//127.0.0.1:${C()}/`), 'forbidden_address'],
    [redirect(() => `http://2130706433:${C()}/`), 'forbidden_address'],
    [redirect(() => `http://[::1]:${C()}/`), 'forbidden_address'],
    [redirect(() => `http://localhost:${C()}/`), 'forbidden_address'],
    [redirect(() => `http://evil.test:${C()}/`), 'forbidden_address'],
    [redirect(() => 'http://169.254.169.254/latest/meta-data/'), 'forbidden_address'],
    [redirect(() => `http://user:pw@allowed.test:${A()}/`), 'userinfo'],
    [redirect(() => 'http://allowed.test:22/'), 'port'],
    [redirect(() => 'file:///etc/passwd'), 'scheme'],
  ],
};

const allCases = Object.values(HOSTILE).flat();

describe('the safety policy', () => {
  it('has at least 40 hostile URLs to refuse', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(40);
  });

  for (const [group, cases] of Object.entries(HOSTILE)) {
    it(`refuses ${group}`, async () => {
      const probe = prober();
      for (const [url, reason] of cases) {
        const report = await probe.probe(url());
        expect({ url: url(), verdict: report.verdict, reason: report.blockReason }).toEqual({ url: url(), verdict: 'blocked', reason });
        expect(report.summary).toMatch(/^updoc did not probe /);
      }
    }, 30_000);
  }

  it('names the kind of an address the person typed, but never what a name resolved to', async () => {
    const typed = await prober().probe('http://169.254.169.254/latest/meta-data/');
    expect(typed.error).toMatch(/169\.254\.169\.254 is a link-local address \(cloud metadata/);
    const named = await prober().probe('http://meta.test/latest/meta-data/');
    expect(named).toMatchObject({ verdict: 'blocked', blockReason: 'forbidden_address', addresses: [], address: null });
    expect(named.error).toBe('meta.test resolves to an address that is not public, which is not probed');
    expect(JSON.stringify(named)).not.toContain('169.254');
    expect(named.attempts).toHaveLength(1);
  });

  it('reports the redirect that led to a forbidden address', async () => {
    const evil = `http://evil.test:${C()}/`;
    const report = await prober().probe(redirect(() => evil)());
    expect(report).toMatchObject({ verdict: 'blocked', status: null, finalUrl: evil, blockReason: 'forbidden_address', addresses: [] });
    expect(report.redirects).toEqual([{ url: redirect(() => evil)(), status: 302, location: evil }]);
    expect(report.error).toBe('evil.test resolves to an address that is not public, which is not probed');
  });

  it('checks every lookup again: a name that rebinds to a forbidden address is refused', async () => {
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    const calls: string[] = [];
    const rebinding: Resolve = async (host) => {
      calls.push(host);
      return (answers[Math.min(calls.length - 1, answers.length - 1)] as string[]).map((address) => ({ address, family: 4 }));
    };
    const report = await prober({ attempts: 3 }, rebinding).probe(`http://rebind.test:${A()}/`);
    expect(report.attempts.map((a) => a.verdict)).toEqual(['up', 'blocked']);
    expect(report).toMatchObject({ verdict: 'blocked', pattern: 'intermittent', blockReason: 'forbidden_address' });
    expect(calls).toEqual(['rebind.test', 'rebind.test']);
  });

  it('treats text the URL parser rejects as invalid_url, not as a probe', async () => {
    for (const input of ['', 'http://', 'http://exa mple.com/', 'https://[::1/', 'http://256.256.256.256/', 'http://1.2.3.4.5/']) {
      const report = await prober().probe(input);
      expect({ input, verdict: report.verdict }).toEqual({ input, verdict: 'invalid_url' });
    }
  });

  it('opens loopback and private addresses with allowPrivate, but never link-local or CGNAT', async () => {
    const permissive = prober({ allowPrivate: true });
    expect((await permissive.probe(`http://127.0.0.1:${A()}/`)).verdict).toBe('up');
    expect((await permissive.probe(`http://[::ffff:127.0.0.1]:${A()}/`)).verdict).toBe('up');
    for (const url of ['http://169.254.169.254/', 'http://meta.test/', 'http://100.64.0.1/', 'http://[fe80::1]/', 'http://224.0.0.1/']) {
      expect({ url, verdict: (await permissive.probe(url)).verdict }).toEqual({ url, verdict: 'blocked' });
    }
  });
});

describe('rate limits', () => {
  it('refuses a person\'s probe past the per-person limit, and lets others through', async () => {
    const limited = prober({ attempts: 1, perRequester: { limit: 3, windowMs: 60_000 } });
    const url = `http://allowed.test:${A()}/`;
    for (let i = 0; i < 3; i++) expect((await limited.probe(url, { requester: 'alice' })).verdict).toBe('up');
    const refused = await limited.probe(url, { requester: 'alice' });
    expect(refused).toMatchObject({ verdict: 'blocked', blockReason: 'rate_limited', attempts: [] });
    expect(refused.error).toBe('rate limited: at most 3 probe requests per 60 s per person');
    expect((await limited.probe(url, { requester: 'bob' })).verdict).toBe('up');
  });

  it('refuses probes of one host past the per-host limit, whoever asks', async () => {
    const limited = prober({ attempts: 1, perHost: { limit: 2, windowMs: 60_000 } });
    const url = `http://allowed.test:${A()}/`;
    expect((await limited.probe(url, { requester: 'a' })).verdict).toBe('up');
    expect((await limited.probe(url, { requester: 'b' })).verdict).toBe('up');
    const refused = await limited.probe(url, { requester: 'c' });
    expect(refused).toMatchObject({ verdict: 'blocked', blockReason: 'rate_limited' });
    expect(refused.error).toMatch(/at most 2 probe requests to allowed\.test per 60 s/);
  });

  it('lets the person probe again once the window has passed (clock injected, no sleeping)', async () => {
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    const limited = testProber(policy({ attempts: 1, perRequester: { limit: 1, windowMs: 60_000 } }), mapResolver(NAMES), { clock });
    const url = `http://allowed.test:${A()}/`;
    expect((await limited.probe(url, { requester: 'alice' })).verdict).toBe('up');
    expect((await limited.probe(url, { requester: 'alice' })).blockReason).toBe('rate_limited');
    now += 60_001;
    expect((await limited.probe(url, { requester: 'alice' })).verdict).toBe('up');
  });
});

describe('the canary', () => {
  it('was never reached by any refused probe', () => {
    expect(canaryHits).toBe(0);
  });

  it('would have noticed a connection (control: the same probe with allowPrivate reaches it)', async () => {
    await prober({ allowPrivate: true, attempts: 1 }).probe(`http://127.0.0.1:${C()}/`);
    await prober({ allowPrivate: true, attempts: 1 }).probe(`http://[::1]:${C()}/`);
    expect(canaryHits).toBe(2);
  });
});
