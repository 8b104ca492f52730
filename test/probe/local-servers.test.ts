import type { Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prober } from '../../src/probe/types.js';
import { TestCertificates, type KeyPair } from './support/certs.js';
import { mapResolver, NO_LIMITS, progressLog, testProber } from './support/prober.js';
import { closeAll, httpServer, listen, tcpServer, unusedPort } from './support/servers.js';

// Short limits so that every failure ends quickly; each test's own timeout bounds it.
const TIMEOUTS = { dnsMs: 500, connectMs: 500, tlsMs: 500, ttfbMs: 800, readMs: 800, totalMs: 1_500 };
const BOUND = 5_000;

const servers: Server[] = [];
const ports: Record<string, number> = {};
let certificates: TestCertificates;
let requestsSeen: { headers: Record<string, string | string[] | undefined> }[] = [];
let flaky = 0;

async function start(name: string, server: Server): Promise<void> {
  servers.push(server);
  ports[name] = await listen(server);
}

function tlsServer(pair: KeyPair): Server {
  const server = createTlsServer(pair, (socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecure'));
  });
  server.on('tlsClientError', () => {});
  return server;
}

beforeAll(async () => {
  certificates = new TestCertificates();
  await start(
    'http',
    httpServer((req, res) => {
      requestsSeen.push({ headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://x');
      const hops = Number(/^\/chain\/(\d+)$/.exec(url.pathname)?.[1] ?? -1);
      if (hops > 0) res.writeHead(302, { location: `/chain/${hops - 1}` }).end();
      else if (url.pathname === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (url.pathname === '/flaky') res.writeHead(flaky++ % 2 === 0 ? 502 : 200).end('flaky');
      else if (url.pathname === '/big') res.end('x'.repeat(1024 * 1024));
      else if (url.pathname === '/chunked') {
        res.write('hello, ');
        res.end('chunked world');
      } else if (url.pathname === '/redirect') res.writeHead(301, { location: url.searchParams.get('to') ?? '/' }).end();
      else res.end('hello');
    }),
  );
  await start('silent', tcpServer(() => {}));
  await start('garbage', tcpServer((socket) => socket.once('data', () => socket.end('HELLO GARBAGE\r\n\r\n'))));
  await start('garbageOpen', tcpServer((socket) => socket.once('data', () => socket.write('SSH-2.0-OpenSSH_9.6\r\n'))));
  await start(
    'trickle',
    tcpServer((socket) => {
      const bytes = Buffer.from('HTTP/1.1 200 OK\r\nX-Slow: yes\r\n');
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < bytes.length && !socket.destroyed) socket.write(bytes.subarray(sent, ++sent));
      }, 100);
      socket.on('close', () => clearInterval(timer));
    }),
  );
  await start('closes', tcpServer((socket) => socket.once('data', () => socket.destroy())));
  await start('stalls', tcpServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart'))));
  await start('tlsGood', tlsServer(certificates.signed('secure.test', 2)));
  await start('tlsSelfSigned', tlsServer(certificates.selfSigned('secure.test')));
  await start('tlsExpired', tlsServer(certificates.signed('secure.test', -1)));
  await start('tlsOtherName', tlsServer(certificates.signed('other.test', 2)));
  ports.refused = await unusedPort();
}, 60_000);

afterAll(() => closeAll(servers));

const resolver = mapResolver({ 'site.test': ['127.0.0.1'], 'secure.test': ['127.0.0.1'] });

function prober(overrides: Parameters<typeof testProber>[0] = {}): Prober {
  return testProber({ ...NO_LIMITS, allowPrivate: true, allowedPorts: Object.values(ports), timeouts: TIMEOUTS, spacingMs: 20, extraCa: [certificates.ca.cert], ...overrides }, resolver);
}

const at = (name: string, path = '/') => `http://site.test:${ports[name]}${path}`;
const secureAt = (name: string) => `https://secure.test:${ports[name]}/`;

describe('plain HTTP servers on loopback', () => {
  it('reports a healthy server as up, with the probe\'s own request headers only', async () => {
    requestsSeen = [];
    const report = await prober({ attempts: 2 }).probe(at('http'));
    expect(report).toMatchObject({ verdict: 'up', status: 200, pattern: 'steady', attemptsNeeded: 1, bodySample: 'hello', error: null });
    expect(report.attempts).toHaveLength(2);
    expect(report.addresses).toEqual(['127.0.0.1']);
    expect(report.address).toBe('127.0.0.1');
    const headers = requestsSeen[0]?.headers ?? {};
    expect(headers['user-agent']).toBe('updoc-probe/0.1 (+diagnostics)');
    expect(headers.host).toBe(`site.test:${ports.http}`);
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
  }, BOUND);

  it('follows a 302 chain within 5 hops to the page at its end', async () => {
    const report = await prober({ attempts: 1 }).probe(at('http', '/chain/5'));
    expect(report).toMatchObject({ verdict: 'up', status: 200, finalUrl: at('http', '/chain/0') });
    expect(report.redirects.map((r) => r.status)).toEqual([302, 302, 302, 302, 302]);
  }, BOUND);

  it('stops a redirect loop after 5 redirects', async () => {
    const report = await prober({ attempts: 1 }).probe(at('http', '/loop'));
    expect(report).toMatchObject({ verdict: 'http_error', status: 302 });
    expect(report.redirects).toHaveLength(5);
    expect(report.error).toMatch(/more than 5 redirects/);
  }, BOUND);

  it('times out on a server that accepts and never answers', async () => {
    const report = await prober({ attempts: 2 }).probe(at('silent'));
    expect(report).toMatchObject({ verdict: 'timeout', status: null, pattern: 'steady' });
    expect(report.error).toMatch(/no answer within 800 ms|total time limit/);
  }, BOUND);

  it('times out within the total limit on a server that trickles its answer', async () => {
    const report = await prober({ attempts: 3, timeouts: { ...TIMEOUTS, readMs: 10_000, ttfbMs: 10_000 } }).probe(at('trickle'));
    expect(report).toMatchObject({ verdict: 'timeout', status: null });
    expect(report.attempts).toHaveLength(1);
    expect(report.error).toMatch(/total time limit/);
  }, BOUND);

  it('keeps the status of an answer whose body stalls, and says the body did not end', async () => {
    const report = await prober({ attempts: 1 }).probe(at('stalls'));
    expect(report).toMatchObject({ verdict: 'up', status: 200, bodySample: 'part' });
    expect(report.error).toBe('the body did not end in time (no complete answer within 800 ms)');
  }, BOUND);

  it('reads bytes that are not HTTP as a protocol error', async () => {
    const report = await prober({ attempts: 1 }).probe(at('garbage'));
    expect(report).toMatchObject({ verdict: 'http_error', status: null, vendor: 'unknown', cause: 'protocol' });
    expect(report.error).toMatch(/not HTTP: "HELLO GARBAGE/);
  }, BOUND);

  it('does not wait for a server that keeps the connection open after speaking another protocol', async () => {
    const report = await prober({ attempts: 1, timeouts: { ...TIMEOUTS, ttfbMs: 60_000, readMs: 60_000, totalMs: 60_000 } }).probe(at('garbageOpen'));
    expect(report).toMatchObject({ verdict: 'http_error', cause: 'protocol' });
    expect(report.error).toMatch(/SSH-2\.0/);
  }, BOUND);

  it('reports a server that closes without answering', async () => {
    const report = await prober({ attempts: 1 }).probe(at('closes'));
    expect(report).toMatchObject({ verdict: 'http_error', status: null, error: 'the server closed the connection without answering' });
  }, BOUND);

  it('reports a port where nothing listens as refused', async () => {
    const report = await prober({ attempts: 2 }).probe(at('refused'));
    expect(report).toMatchObject({ verdict: 'refused', status: null, pattern: 'steady', error: 'connection refused' });
  }, BOUND);

  it('reports a name that does not resolve as a DNS failure', async () => {
    const report = await prober({ attempts: 1 }).probe(`http://nowhere.test:${ports.http}/`);
    expect(report).toMatchObject({ verdict: 'dns_failure', error: 'nowhere.test: no such host' });
  }, BOUND);

  it('tells an intermittent failure from a steady one', async () => {
    flaky = 0;
    const report = await prober({ attempts: 3 }).probe(at('http', '/flaky'));
    expect(report).toMatchObject({ verdict: 'gateway_error', status: 502, pattern: 'intermittent', attemptsNeeded: 2 });
    expect(report.attempts.map((a) => a.status)).toEqual([502, 200, 502]);
    expect(report.summary).toMatch(/on 2 of 3 attempts.*intermittent/);
  }, BOUND);

  it('caps the body it reads and keeps a one-KiB sample', async () => {
    const report = await prober({ attempts: 1 }).probe(at('http', '/big'));
    expect(report).toMatchObject({ verdict: 'up', status: 200, error: null });
    expect(report.bodySample).toHaveLength(1024);
  }, BOUND);

  it('decodes a chunked body', async () => {
    const report = await prober({ attempts: 1 }).probe(at('http', '/chunked'));
    expect(report.headers['transfer-encoding']).toBe('chunked');
    expect(report.bodySample).toBe('hello, chunked world');
  }, BOUND);

  it('refuses to start more probes than the concurrency cap', async () => {
    const capped = prober({ attempts: 1, maxConcurrent: 1 });
    const first = capped.probe(at('silent'));
    const second = await capped.probe(at('http'));
    expect(second).toMatchObject({ verdict: 'blocked', blockReason: 'busy' });
    expect((await first).verdict).toBe('timeout');
  }, BOUND);
});

describe('TLS servers on loopback', () => {
  it('describes a valid certificate and reports up, with progress for every phase', async () => {
    const { events, onProgress } = progressLog();
    const report = await prober({ attempts: 1 }).probe(secureAt('tlsGood'), { onProgress });
    expect(report).toMatchObject({ verdict: 'up', status: 200, bodySample: 'secure' });
    expect(report.tls).toMatchObject({ subject: 'secure.test', issuer: 'updoc test CA', nameMismatch: false });
    expect(report.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(report.timings.tls).not.toBeNull();
    expect(events.map((e) => `${e.step}:${e.ok}`)).toEqual(['dns:true', 'connect:true', 'tls:true', 'http:true', 'attempt:true', 'done:true']);
  }, BOUND);

  it('refuses a self-signed certificate', async () => {
    const report = await prober({ attempts: 1 }).probe(secureAt('tlsSelfSigned'));
    expect(report).toMatchObject({ verdict: 'tls_failure', status: null });
    expect(report.error).toMatch(/self-signed/);
    expect(report.tls?.subject).toBe('secure.test');
  }, BOUND);

  it('refuses an expired certificate', async () => {
    const report = await prober({ attempts: 1 }).probe(secureAt('tlsExpired'));
    expect(report).toMatchObject({ verdict: 'tls_failure', status: null });
    expect(report.error).toMatch(/expired on \d{4}-\d{2}-\d{2}/);
  }, BOUND);

  it('refuses a certificate for another name', async () => {
    const report = await prober({ attempts: 1 }).probe(secureAt('tlsOtherName'));
    expect(report).toMatchObject({ verdict: 'tls_failure', status: null });
    expect(report.tls?.nameMismatch).toBe(true);
    expect(report.error).toMatch(/for other\.test, not secure\.test/);
  }, BOUND);

  it('reports https to a plain-HTTP port as a TLS failure', async () => {
    const report = await prober({ attempts: 1 }).probe(`https://secure.test:${ports.http}/`);
    expect(report).toMatchObject({ verdict: 'tls_failure', status: null });
    expect(report.error).toMatch(/^TLS handshake failed/);
  }, BOUND);
});
