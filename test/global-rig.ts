import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * One rig of real proxies (../shared/rig) for the whole test run: test files run in parallel and
 * the rig's ports are fixed, so no file starts or stops its own. The rig's upstream process has no
 * socket error handler and dies when HAProxy resets its garbage server: it is restarted at once.
 */
const RIG = fileURLToPath(new URL('../../shared/rig/', import.meta.url));
export const RIG_PORTS = { nginx: 18080, apache: 18081, haproxy: 18082, varnish: 18083, squid: 18084, caddy: 18085, lighttpd: 18086 } as const;
const UPSTREAM_PORT = 18906;

const run = promisify(execFile);
let workdir = '';
/** Whether this run started the rig (and so stops it); a rig already answering is borrowed. */
let owned = false;
let watchdog: NodeJS.Timeout | undefined;
let restarted: ChildProcess | undefined;

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

export async function waitForRig(ports: Record<string, number>, seconds: number): Promise<void> {
  let missing: string[] = [];
  for (let round = 0; round < seconds; round++) {
    const ready = await Promise.all(Object.values(ports).map(accepts));
    missing = Object.keys(ports).filter((_, i) => !ready[i]);
    if (missing.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`rig: not listening after ${seconds} s: ${missing.join(', ')}${workdir ? ` (logs in ${workdir})` : ''}`);
}

function keepUpstreamsAlive(): void {
  watchdog = setInterval(() => {
    void accepts(UPSTREAM_PORT).then((up) => {
      if (up || restarted?.exitCode === null) return;
      restarted = spawn(process.execPath, [join(RIG, 'upstreams.mjs')], { stdio: 'ignore' });
    });
  }, 500);
}

export async function setup({ provide }: { provide: (key: 'rigDir', value: string) => void }): Promise<void> {
  const running = await Promise.all(Object.values(RIG_PORTS).map(accepts));
  if (running.every(Boolean)) {
    provide('rigDir', '(a rig started by another test run)');
    return;
  }
  // Part of a rig still answering was left by an interrupted run, and may keep the new one from its ports.
  const held = Object.keys(RIG_PORTS).filter((_, i) => running[i]);
  owned = true;
  workdir = mkdtempSync(join(tmpdir(), 'updoc-rig-'));
  // Varnish and Squid drop to their own users, who must reach their folders inside.
  chmodSync(workdir, 0o755);
  try {
    await run('bash', [join(RIG, 'start.sh'), workdir], { timeout: 600_000 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`rig: start.sh failed: ${stderr?.trim() || message}`);
  }
  await waitForRig(RIG_PORTS, 45).catch((error: Error) => {
    throw held.length > 0 ? new Error(`${error.message}; ${held.join(', ')} already answered before it started, left by an earlier run (stop it: pkill -f updoc-rig-)`) : error;
  });
  keepUpstreamsAlive();
  provide('rigDir', workdir);
}

export async function teardown(): Promise<void> {
  if (!owned) return;
  clearInterval(watchdog);
  restarted?.kill();
  await run('bash', [join(RIG, 'stop.sh'), workdir]).catch(() => undefined);
  // stop.sh asks Squid to stop through a pid file Squid cannot write there: it is stopped by its configuration's path.
  await run('pkill', ['-f', join(workdir, 'squid', 'squid.conf')]).catch(() => undefined);
  try {
    process.kill(Number(readFileSync(join(workdir, 'upstreams.pid'), 'utf8')));
  } catch {
    // already gone
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    rigDir: string;
  }
}
