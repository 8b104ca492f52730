import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { scratchDir } from './cli.js';

const REDIS_SERVER = '/usr/bin/redis-server';
const INSTALL = 'apt-get update && apt-get install -y redis-server';

/** Debian's redis-server, installed from apt when missing (as CI's .ci/run does). */
function ensureRedisServer(): void {
  if (existsSync(REDIS_SERVER)) return;
  if (process.getuid?.() !== 0) throw new Error(`redis-server is missing at ${REDIS_SERVER}: run as root: ${INSTALL}`);
  execSync(INSTALL, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:PORT */
  url: string;
  /** Starts it again on the same port and data folder (after stop). */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Keep data in an append-only file, synced on every write, so a restart keeps it. */
  appendOnly?: boolean;
}

/** A real redis-server of our own on a free loopback port, in a scratch folder. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  ensureRedisServer();
  const port = await freePort();
  const dir = scratchDir('updoc-redis-');
  const persistence = options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const started = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      let output = '';
      started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)));
      started.once('error', reject);
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
