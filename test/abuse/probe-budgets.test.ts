import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyOverrides } from '../../src/probe/policy.js';
import { loadConfig } from '../../src/runtime/config.js';
import { runCli } from '../helpers/cli.js';
import { mapResolver } from '../probe/support/prober.js';
import { chat } from './helpers/client.js';
import { serveBot, type Served } from './helpers/served.js';

/**
 * Finding 1 (one probe allowance shared by every web visitor, redirect hops not counted, blocked
 * names telling what they resolved to, fetched headers and body handed back) and finding 12
 * (`--allow-private` still limited to four ports), through the real web server, bot and prober.
 * Names resolve through an injected resolver: never the system's DNS.
 */

/** A site on loopback: counts requests per Host, redirects /hop/N to /hop/N+1 up to /hop/6, and keeps a secret header and body. */
let site: Server;
let sitePort = 0;
const hits = new Map<string, number>();
beforeAll(async () => {
  site = createServer((request, response) => {
    const host = (request.headers.host ?? '').split(':')[0] ?? '';
    hits.set(host, (hits.get(host) ?? 0) + 1);
    const hop = /^\/hop\/(\d+)$/.exec(request.url ?? '');
    if (hop && Number(hop[1]) < 6) {
      response.writeHead(302, { location: `/hop/${Number(hop[1]) + 1}` }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', 'x-internal-token': 's3cr3t-header' }).end('<p>INTERNAL-ONLY body</p>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  sitePort = (site.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => site.close(() => resolve())));

const NAMES = { 'shop-a.test': ['127.0.0.1'], 'shop-b.test': ['127.0.0.1'], 'loop.test': ['127.0.0.1'], 'vm.test': ['127.0.0.1'] };

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** The real server and bot with the live probe on an injected resolver and the given limits. */
async function serveWithProbe(policy: PolicyOverrides, allowPrivate = true): Promise<string> {
  served = await serveBot(loadConfig({ STORE_URL: 'memory:' }), {
    start: { probe: { resolve: mapResolver(NAMES), policy: { allowPrivate, allowedPorts: [sitePort], spacingMs: 10, ...policy } } },
  });
  return served.url;
}

const check = (base: string, target: string, from: string) => chat(base, { text: `is ${target} down? it shows 502 bad gateway` }, { from });
const probeOf = (reply: { probe?: Record<string, unknown> } | undefined) => reply?.probe as { verdict: string; blockReason?: string } | undefined;
const probeReply = (replies: { probe?: Record<string, unknown> }[]) => replies.find((r) => r.probe !== undefined);

describe('finding 1: probe budgets per visitor and per target', () => {
  it("gives each web visitor a budget of their own: one visitor's probes never reduce another's", async () => {
    const base = await serveWithProbe({ perRequester: { limit: 6, windowMs: 60_000 }, perHost: { limit: 1_000, windowMs: 60_000 } });
    const shopA = `http://shop-a.test:${sitePort}/`;
    for (let i = 0; i < 2; i += 1) expect(probeOf(probeReply((await check(base, shopA, '127.0.0.2')).replies))?.verdict).toBe('up');
    const spent = await check(base, shopA, '127.0.0.2');
    expect(probeOf(probeReply(spent.replies))).toMatchObject({ verdict: 'blocked', blockReason: 'rate_limited' });

    const before = hits.get('shop-b.test') ?? 0;
    const other = await check(base, `http://shop-b.test:${sitePort}/`, '127.0.0.3');
    expect(probeOf(probeReply(other.replies))?.verdict).toBe('up');
    expect((hits.get('shop-b.test') ?? 0) - before).toBe(3);
  });

  it('counts every redirect hop against the target: six-hop chains from three visitors make at most the per-host budget of requests', async () => {
    const base = await serveWithProbe({ perRequester: { limit: 1_000, windowMs: 60_000 }, perHost: { limit: 9, windowMs: 60_000 } });
    const before = hits.get('loop.test') ?? 0;
    for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) await check(base, `http://loop.test:${sitePort}/hop/0`, from);
    // Without hops counted, each of the three probes made 3 attempts × 7 requests.
    expect((hits.get('loop.test') ?? 0) - before).toBe(9);
  });

  it('tells nothing of what a blocked name resolved to', async () => {
    const base = await serveWithProbe({}, false);
    const answer = await check(base, `http://vm.test:${sitePort}/`, '127.0.0.2');
    expect(probeOf(probeReply(answer.replies))).toMatchObject({ verdict: 'blocked', blockReason: 'forbidden_address' });
    expect(answer.raw).toContain('vm.test resolves to an address that is not public');
    expect(answer.raw).not.toContain('127.0.0.1');
    expect(answer.raw).not.toMatch(/loopback/i);
  });

  it("hands back the verdict and timings of what it fetched, never the site's headers or body", async () => {
    const base = await serveWithProbe({});
    const answer = await check(base, `http://shop-a.test:${sitePort}/`, '127.0.0.5');
    expect(probeReply(answer.replies)?.probe).toMatchObject({ verdict: 'up', status: 200, headers: {}, bodySample: '' });
    expect(answer.raw).not.toContain('s3cr3t-header');
    expect(answer.raw).not.toContain('INTERNAL-ONLY');
  });
});

describe('finding 12: updoc probe --allow-private reaches any port of an allowed address', () => {
  it('probes a loopback server on its own port, and still refuses that port without the flag or on a public address', async () => {
    const local = `http://127.0.0.1:${sitePort}/`;
    const allowed = await runCli(['probe', '--json', '--allow-private', local]);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ verdict: 'up', status: 200 });
    const refused = await runCli(['probe', '--json', local]);
    expect(JSON.parse(refused.stdout)).toMatchObject({ verdict: 'blocked' });
    const publicAddress = await runCli(['probe', '--json', '--allow-private', 'http://93.184.216.34:3000/']);
    expect(JSON.parse(publicAddress.stdout)).toMatchObject({ verdict: 'blocked', blockReason: 'port', error: 'port 3000 is not probed (allowed: 80, 443, 8080, 8443)' });
  });
});
