import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait for the run's rig to answer (its upstreams may be restarting). */
const SETTLE_MS = 30_000;

/** The proxies of the shared rig, each on its own 127.0.0.1 port. */
export const RIG_PROXIES = { nginx: 18080, apache: 18081, haproxy: 18082, varnish: 18083, squid: 18084, caddy: 18085, lighttpd: 18086 };
export type RigProxy = keyof typeof RIG_PROXIES;

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/ok', timeout: 3000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Waits until the rig's proxies answer: test/global-rig.ts starts one rig for the whole run (and
 * brings back its upstreams if a probe kills them). Returns nothing to stop: the run owns the rig.
 */
export async function ensureRig(proxies: readonly RigProxy[]): Promise<() => Promise<void>> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const up = await Promise.all(proxies.map((proxy) => answers(RIG_PROXIES[proxy])));
    if (up.every(Boolean)) return async () => undefined;
    if (Date.now() > deadline) throw new Error(`rig: not answering: ${proxies.filter((_, i) => !up[i]).join(', ')} (test/global-rig.ts starts it)`);
    await sleep(500);
  }
}
