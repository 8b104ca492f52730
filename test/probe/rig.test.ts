import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIG_PORTS, waitForRig } from '../global-rig.js';
import type { Vendor } from '../../src/core/taxonomy.js';
import type { ProbeReport, Verdict } from '../../src/probe/types.js';
import { NO_LIMITS, testProber } from './support/prober.js';

/**
 * The real proxies of shared/rig (nginx, Apache, HAProxy, Varnish, Squid, Caddy, lighttpd on
 * 127.0.0.1:18080-18086) in front of misbehaving upstreams. The table is what each product really
 * answers, observed on this rig and checked against shared/notes/502-catalogue.md §6; where a
 * product relays or swallows the failure (a 200), the probe must say so rather than invent a 502.
 */
const PROXIES = RIG_PORTS;
type Proxy = keyof typeof PROXIES;
type Path = 'ok' | 'refused' | 'reset' | 'garbage' | 'slow' | 'bigheader' | 'truncated';
type Expected = [verdict: Verdict, status: number | null, vendor: Vendor];

const up = (vendor: Vendor): Expected => ['up', 200, vendor];
const gateway = (status: number, vendor: Vendor): Expected => ['gateway_error', status, vendor];

const EXPECTED: Record<Proxy, Record<Path, Expected>> = {
  // Catalogue: refused/reset/bad header → 502, read timeout → 504. The garbage is relayed as an
  // HTTP/0.9 answer: the probe gets bytes that are not HTTP at all.
  nginx: {
    ok: up('nginx'), refused: gateway(502, 'nginx'), reset: gateway(502, 'nginx'), garbage: ['http_error', null, 'unknown'],
    slow: gateway(504, 'nginx'), bigheader: gateway(502, 'nginx'), truncated: up('nginx'),
  },
  // Catalogue: connect failure → 503 (AH01114); reset and read timeout → 502 (AH01102). The garbage
  // is relayed as an HTTP/0.9 body under a 200.
  apache: {
    ok: up('apache'), refused: gateway(503, 'apache'), reset: gateway(502, 'apache'), garbage: up('apache'),
    slow: gateway(502, 'apache'), bigheader: gateway(502, 'apache'), truncated: up('apache'),
  },
  // No Server header on relayed answers, so a healthy answer names nobody; its own pages do.
  // Refused → 503 after its connect retries (SC), reset → 502 (SH), invalid → 502 (PH), timeout → 504 (sH).
  haproxy: {
    ok: up('unknown'), refused: gateway(503, 'haproxy'), reset: gateway(502, 'haproxy'), garbage: gateway(502, 'haproxy'),
    slow: gateway(504, 'haproxy'), bigheader: gateway(502, 'haproxy'), truncated: up('unknown'),
  },
  // Catalogue: every failed backend fetch is 503 "Backend fetch failed".
  varnish: {
    ok: up('varnish'), refused: gateway(503, 'varnish'), reset: gateway(503, 'varnish'), garbage: gateway(503, 'varnish'),
    slow: gateway(503, 'varnish'), bigheader: gateway(503, 'varnish'), truncated: up('varnish'),
  },
  // Observed: refused → 502 (X-Squid-Error: ERR_READ_ERROR), not the catalogue's 503 ERR_CONNECT_FAIL.
  // HTTP/0.9 garbage becomes a 200 (X-Transformed-From: HTTP/0.9); a 16 KB header is within its limits.
  squid: {
    ok: up('squid'), refused: gateway(502, 'squid'), reset: gateway(502, 'squid'), garbage: up('squid'),
    slow: gateway(504, 'squid'), bigheader: up('squid'), truncated: up('squid'),
  },
  // Catalogue: 502 with an empty body, 504 on timeout; Go's header limit is far above 16 KB.
  caddy: {
    ok: up('caddy'), refused: gateway(502, 'caddy'), reset: gateway(502, 'caddy'), garbage: gateway(502, 'caddy'),
    slow: gateway(504, 'caddy'), bigheader: up('caddy'), truncated: up('caddy'),
  },
  // Refused → 503, reset → 500, garbage → 502; the rig sets no proxy timeout, so the slow answer arrives.
  lighttpd: {
    ok: up('lighttpd'), refused: gateway(503, 'lighttpd'), reset: ['http_error', 500, 'lighttpd'], garbage: gateway(502, 'lighttpd'),
    slow: up('lighttpd'), bigheader: up('lighttpd'), truncated: up('lighttpd'),
  },
};

/**
 * Races that are real behaviour: Varnish usually sends the 200 headers before it finds the body
 * short, but now and then notices first and answers 503 (about 1 request in 30 with curl).
 */
const SOMETIMES: Partial<Record<string, Expected>> = {
  'varnish /truncated': gateway(503, 'varnish'),
};

// The run's one rig is started by test/global-rig.ts, which also restarts its upstreams when killed.
const waitForProxies = () => waitForRig(RIG_PORTS, 30);

const PATHS = Object.keys(EXPECTED.nginx) as Path[];
const results = new Map<string, Promise<ProbeReport>>();

/**
 * HAProxy resets the garbage upstream after reading it, and the rig's upstream process has no
 * socket error handler, so it dies (shared/rig/upstreams.mjs): that probe runs last, once.
 */
const KILLS_THE_RIG = 'haproxy /garbage';

/** Every proxy and path at once: three attempts each, the default time limits. */
function probeEverything(): void {
  const probe = testProber({ ...NO_LIMITS, allowPrivate: true, allowedPorts: Object.values(PROXIES) });
  for (const proxy of Object.keys(PROXIES) as Proxy[]) {
    for (const path of PATHS) {
      const name = `${proxy} /${path}`;
      if (name !== KILLS_THE_RIG) results.set(name, probe.probe(`http://127.0.0.1:${PROXIES[proxy]}/${path}`));
    }
  }
  const last = testProber({ ...NO_LIMITS, allowPrivate: true, allowedPorts: [PROXIES.haproxy], attempts: 1 });
  results.set(KILLS_THE_RIG, Promise.all(results.values()).then(() => last.probe(`http://127.0.0.1:${PROXIES.haproxy}/garbage`)));
}

beforeAll(async () => {
  await waitForProxies();
  probeEverything();
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(results.values());
}, 60_000);

const reportOf = (name: string) => results.get(name) as Promise<ProbeReport>;

describe('the rig\'s real proxies', () => {
  for (const proxy of Object.keys(PROXIES) as Proxy[]) {
    for (const path of PATHS) {
      const [verdict, status, vendor] = EXPECTED[proxy][path];
      it(`${proxy} /${path}: ${verdict}, ${status ?? 'no status'}, ${vendor}`, async () => {
        const name = `${proxy} /${path}`;
        const report = await reportOf(name);
        const seen: Expected = [report.verdict, report.status, report.vendor];
        const alternative = SOMETIMES[name];
        if (alternative && seen.join() === alternative.join()) return;
        expect({ seen, pattern: report.pattern }, report.summary).toEqual({ seen: [verdict, status, vendor], pattern: 'steady' });
        if (status === 504) expect(report.cause).toBe('upstream_timeout');
        expect(report.summary).toContain('127.0.0.1');
      });
    }
  }

  it('says when a 200 came with a body cut short', async () => {
    const report = await reportOf('nginx /truncated');
    expect(report.error).toBe('the body ended after 7 of 100 bytes');
    expect(report.summary).toMatch(/not complete: the body ended after 7 of 100 bytes/);
  });
});
