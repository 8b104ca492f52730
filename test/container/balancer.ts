import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { scratchDir } from '../helpers/cli.js';
import { freePort } from '../helpers/redis-server.js';
import { CADDY, CADDYFILE } from './deployment-files.js';

export interface Balancer {
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** What Caddy logged so far. */
  log(): string;
  stop(): Promise<void>;
}

function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`${CADDYFILE}: expected "${from}" once, found it ${count} times`);
  return text.replace(from, to);
}

/**
 * Debian's Caddy running the compose file's own Caddyfile, with only the addresses changed:
 * it listens on a free port of 127.0.0.1 and sends to the given replicas instead of updoc-1 and updoc-2.
 */
export async function startBalancer(replicas: [string, string]): Promise<Balancer> {
  const port = await freePort();
  let config = readFileSync(CADDYFILE, 'utf8');
  config = replaceOnce(config, ':8080 {', `http://127.0.0.1:${port} {`);
  config = replaceOnce(config, 'updoc-1:3000', new URL(replicas[0]).host);
  config = replaceOnce(config, 'updoc-2:3000', new URL(replicas[1]).host);
  const dir = scratchDir('updoc-balancer-');
  writeFileSync(join(dir, 'Caddyfile'), config);
  const child = spawn(CADDY, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`caddy exited with ${child.exitCode}:\n${log}`);
    const answered = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (answered) return { url, log: () => log, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`caddy did not pass /healthz on to the replicas within 20 s:\n${log}`);
}
