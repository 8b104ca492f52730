import type { Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/core/bot.js';
import { checkingNoSuchHost, dnsAnswersVia } from '../../src/probe/resolve.js';
import type { Resolve } from '../../src/probe/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { realDiagnoser } from '../helpers/conversation.js';
import { FakeDnsServer, resolverAt } from './support/dns-server.js';
import { NO_LIMITS, testProber } from './support/prober.js';
import { closeAll, httpServer, listen } from './support/servers.js';

// The probe's lookups go to a DNS server on 127.0.0.1 through Node's own DNS client: real
// resolver error codes, never the system's DNS.
const TIMEOUTS = { dnsMs: 1_000, connectMs: 500, tlsMs: 500, ttfbMs: 800, readMs: 800, totalMs: 2_500 };
const BOUND = 8_000;

let dns: FakeDnsServer;
let web: Server;
let port = 0;
let resolve: Resolve;

beforeAll(async () => {
  web = httpServer((_req, res) => res.writeHead(502, { server: 'nginx/1.24.0' }).end('<html><head><title>502 Bad Gateway</title></head><body><hr><center>nginx</center></body></html>'));
  port = await listen(web);
  dns = await FakeDnsServer.start({
    'site.test': { addresses: ['127.0.0.1'] },
    'noaddress.test': { addresses: [] },
    'servfail.test': { rcode: 'SERVFAIL' },
    'refusing.test': { rcode: 'REFUSED' },
    'silent.test': 'silent',
    '': { nameServers: ['a.root-servers.test'] },
  });
  resolve = resolverAt(`127.0.0.1:${dns.port}`, 300);
});

afterAll(async () => {
  await dns.close();
  await closeAll([web]);
});

const probe = (host: string, resolver = resolve) =>
  testProber({ ...NO_LIMITS, allowPrivate: true, allowedPorts: [port], timeouts: TIMEOUTS, attempts: 1 }, resolver).probe(`http://${host}:${port}/`);

describe('what the probe says about its own DNS lookup', () => {
  it('reports a name that resolves, and then what the site answered', async () => {
    const report = await probe('site.test');
    expect(report).toMatchObject({ dns: 'resolved', verdict: 'gateway_error', status: 502, vendor: 'nginx', addresses: ['127.0.0.1'] });
  }, BOUND);

  it('tells a name that does not exist (NXDOMAIN) as such', async () => {
    const report = await probe('gone.test');
    expect(report).toMatchObject({ dns: 'nxdomain', verdict: 'dns_failure', error: 'gone.test: no such host' });
    expect(report.summary).toBe('gone.test does not exist in DNS on 1 of 1 attempt.');
  }, BOUND);

  it('tells a name without an address record apart', async () => {
    const report = await probe('noaddress.test');
    expect(report).toMatchObject({ dns: 'no_address', verdict: 'dns_failure' });
    expect(report.summary).toMatch(/^noaddress\.test exists in DNS but has no address/);
  }, BOUND);

  it.each([
    ['a DNS server that fails (SERVFAIL)', 'servfail.test', /the DNS server failed/],
    ['a DNS server that refuses the query', 'refusing.test', /the DNS server refused the query/],
    ['a DNS server that never answers', 'silent.test', /the DNS server did not answer in time/],
  ])('reads %s as a failure of its own resolver, not of the site', async (_what, host, error) => {
    const report = await probe(host);
    expect(report).toMatchObject({ dns: 'resolver_failure', verdict: 'dns_failure' });
    expect(report.error).toMatch(error);
    expect(report.summary).toMatch(/says nothing about whether the site is up/);
  }, BOUND);

  it('reads an unreachable DNS server as a resolver failure', async () => {
    const closed = await FakeDnsServer.start({});
    const address = `127.0.0.1:${closed.port}`;
    await closed.close();
    const report = await probe('site.test', resolverAt(address, 300));
    expect(report).toMatchObject({ dns: 'resolver_failure', verdict: 'dns_failure' });
    expect(report.error).toMatch(/could not be reached/);
  }, BOUND);

  it("reads getaddrinfo's temporary failure (EAI_AGAIN) as a resolver failure", async () => {
    const again: Resolve = async (host) => {
      throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host}`), { code: 'EAI_AGAIN' });
    };
    expect(await probe('site.test', again)).toMatchObject({ dns: 'resolver_failure', verdict: 'dns_failure' });
  }, BOUND);

  it('reads a lookup that outlasts its own limit as a resolver failure', async () => {
    const report = await testProber({ ...NO_LIMITS, allowPrivate: true, allowedPorts: [port], timeouts: { ...TIMEOUTS, dnsMs: 100 }, attempts: 1 }, resolverAt(`127.0.0.1:${dns.port}`, 1_000)).probe(`http://silent.test:${port}/`);
    expect(report).toMatchObject({ dns: 'resolver_failure', verdict: 'dns_failure', error: 'silent.test: no DNS answer within 100 ms' });
  }, BOUND);

  it('looks nothing up for an address, or for a URL it refuses', async () => {
    expect(await probe('127.0.0.1')).toMatchObject({ dns: 'not_looked_up', verdict: 'gateway_error' });
    const refused = await testProber({ ...NO_LIMITS }, resolve).probe('http://site.test:22/');
    expect(refused).toMatchObject({ dns: 'not_looked_up', verdict: 'blocked', blockReason: 'port' });
  }, BOUND);
});

describe('a "no such host" on a network whose DNS does not work', () => {
  // Blocked or broken DNS (a sandbox, a firewall) says "no such host" of every name, the root zone's included.
  let broken: FakeDnsServer;
  beforeAll(async () => {
    broken = await FakeDnsServer.start({});
  });
  afterAll(() => broken.close());

  const checked = (server: string) => checkingNoSuchHost(resolverAt(server, 300), dnsAnswersVia([server]));

  it('believes it while DNS finds the root zone', async () => {
    expect(await probe('gone.test', checked(`127.0.0.1:${dns.port}`))).toMatchObject({ dns: 'nxdomain', verdict: 'dns_failure' });
  }, BOUND);

  it('reads it as a failure of its own resolver when DNS cannot find the root zone either', async () => {
    const report = await probe('gone.test', checked(`127.0.0.1:${broken.port}`));
    expect(report).toMatchObject({ dns: 'resolver_failure', verdict: 'dns_failure' });
    expect(report.error).toMatch(/cannot find the root zone either/);
    expect(report.summary).toMatch(/says nothing about whether the site is up/);
  }, BOUND);

  it('passes every other failure and every answer through as they are', async () => {
    const server = `127.0.0.1:${broken.port}`;
    expect(await probe('servfail.test', checkingNoSuchHost(resolverAt(`127.0.0.1:${dns.port}`, 300), dnsAnswersVia([server])))).toMatchObject({ dns: 'resolver_failure' });
    expect(await probe('site.test', checkingNoSuchHost(resolverAt(`127.0.0.1:${dns.port}`, 300), dnsAnswersVia([server])))).toMatchObject({ dns: 'resolved', status: 502 });
  }, BOUND);

  it('tells a visitor it could not check, never that a well-known site does not exist', async () => {
    const prober = testProber({ ...NO_LIMITS, timeouts: TIMEOUTS, attempts: 1 }, checked(`127.0.0.1:${broken.port}`));
    const replies = await new Bot({ diagnoser: realDiagnoser(), store: new MemoryStore(), prober }).handleTurn('dns', { text: 'is bigshop.test down for everyone or just me?' });
    const reply = replies.at(-1);
    expect(reply?.probe).toMatchObject({ verdict: 'dns_failure', dns: 'resolver_failure' });
    expect(reply?.text).toMatch(/my own DNS lookup failed/);
    expect(reply?.text).not.toMatch(/does not exist|typo|expired|down for everyone/);
  }, BOUND);
});

describe('what the conversation says about a site updoc cannot resolve', () => {
  const ask = async (message: string) => {
    const prober = testProber({ ...NO_LIMITS, timeouts: TIMEOUTS, attempts: 1 }, resolve);
    const replies = await new Bot({ diagnoser: realDiagnoser(), store: new MemoryStore(), prober }).handleTurn('dns', { text: message });
    return replies.at(-1);
  };

  it('says a name that does not exist does not exist, and asks to check it for a typo', async () => {
    const reply = await ask('is https://gone.test/ down?');
    expect(reply?.probe).toMatchObject({ verdict: 'dns_failure', dns: 'nxdomain' });
    expect(reply?.text).toMatch(/my DNS lookup says that name does not exist\. Check the address for a typo/);
  }, BOUND);

  it('says its own resolver failed, and claims nothing about the site', async () => {
    const reply = await ask('is https://servfail.test/ down?');
    expect(reply?.probe).toMatchObject({ verdict: 'dns_failure', dns: 'resolver_failure' });
    expect(reply?.text).toMatch(/my own DNS lookup failed, so I could not reach it from here\. .*I can't confirm from here whether it is up/);
    expect(reply?.text).not.toMatch(/down for everyone|does not exist/);
  }, BOUND);
});
