import { execFile, type ChildProcess } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { drawnPage } from '../vision/images.js';
import { CADDYFILE } from './deployment-files.js';
import { finish, ImageRoot, inNetworkOf, inspectImage, type ImageFacts } from './image-root.js';

/**
 * The built images, run from their own file systems (scripts/container-check.sh builds them first):
 * `npx vitest run --config test/container/vitest.image.config.ts`, as root, with podman.
 */
const IMAGE = process.env.UPDOC_IMAGE ?? 'localhost/updoc';
const BALANCER_IMAGE = process.env.UPDOC_BALANCER_IMAGE ?? 'localhost/updoc-balancer';
const BASE_IMAGE = process.env.UPDOC_BASE_IMAGE ?? 'localhost/updoc-ci-base';
const MAX_MIB = 450;
const VOLUME = '/var/lib/updoc';
const run = promisify(execFile);

interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** An HTTP request from inside the server's network namespace to 127.0.0.1 (curl). */
async function request(pid: number, port: number, path: string, json?: unknown): Promise<HttpAnswer> {
  const args = ['curl', '-sS', '--max-time', '60', '-o', '-', '-w', '\n%{http_code} %{content_type}'];
  if (json !== undefined) args.push('-H', 'content-type: application/json', '--data-binary', JSON.stringify(json));
  const [program, ...rest] = [...inNetworkOf(pid), ...args, `http://127.0.0.1:${port}${path}`];
  const { stdout } = await run(program!, rest, { encoding: 'utf8' });
  const cut = stdout.lastIndexOf('\n');
  const [status, contentType = ''] = stdout.slice(cut + 1).split(' ');
  return { status: Number(status), contentType, body: stdout.slice(0, cut) };
}

/** Polls `path` until it answers 200; fails with the process's output when it exits or takes too long. */
async function waitFor200(child: ChildProcess, pid: number, port: number, path: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`it exited with ${child.exitCode}:\n${log()}`);
    const answer = await request(pid, port, path).catch(() => undefined);
    if (answer?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${path} did not answer 200 within 90 s:\n${log()}`);
    await sleep(250);
  }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function portOf(facts: ImageFacts): number {
  const [port] = Object.keys(facts.config.ExposedPorts ?? {});
  return Number.parseInt(port ?? '', 10);
}

function collect(child: ChildProcess): () => string {
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  return () => log;
}

let facts: ImageFacts;
let balancerFacts: ImageFacts;
beforeAll(async () => {
  [facts, balancerFacts] = await Promise.all([inspectImage(IMAGE), inspectImage(BALANCER_IMAGE)]);
});

describe(`the image ${IMAGE}: how it is declared`, () => {
  it(`is at most ${MAX_MIB} MiB`, () => {
    expect(facts.sizeBytes / 2 ** 20).toBeLessThanOrEqual(MAX_MIB);
  });

  it('runs updoc serve as a numeric non-root user, on port 3000, stops on SIGTERM, checks /healthz, keeps SQLite in a volume', () => {
    const { config, healthcheck } = facts;
    expect(config.User).toMatch(/^[1-9]\d*:\d+$/);
    // Node.js runs with the flags `npm start` gives it (the heap cap).
    const startFlags = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string).split(/\s+/).filter((arg) => arg.startsWith('--'));
    expect(startFlags).toContain('--max-old-space-size=160');
    expect(config.Entrypoint).toEqual(['node', ...startFlags, '/app/bin/updoc.js']);
    expect(config.Cmd).toEqual(['serve']);
    expect(Object.keys(config.ExposedPorts ?? {})).toEqual(['3000/tcp']);
    expect(config.StopSignal).toBe('SIGTERM');
    expect(healthcheck?.Test).toEqual(['CMD', 'node', '/app/container/healthcheck.mjs']);
    expect(Object.keys(config.Volumes ?? {})).toEqual([VOLUME]);
    expect(config.Env).toContain(`STORE_URL=sqlite:${VOLUME}/sessions.sqlite`);
  });
});

describe(`the image ${IMAGE}: its file system, run`, () => {
  let image: ImageRoot;
  let volume: string;
  let server: ChildProcess;
  let serverLog: () => string;
  let port: number;

  beforeAll(async () => {
    port = portOf(facts);
    volume = mkdtempSync(join(tmpdir(), 'updoc-image-volume-'));
    image = await ImageRoot.open(IMAGE, facts.config, [[volume, VOLUME]]);
    chownSync(volume, image.uid, image.gid);
    // A network namespace of its own with only loopback up: the server needs nothing outside.
    server = image.start(['unshare', '--net', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh'], image.defaultCommand);
    serverLog = collect(server);
    await waitFor200(server, server.pid!, port, '/healthz', serverLog);
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await exitOf(server);
    }
    await image?.close();
  });

  it('holds the built app, the knowledge base and the OCR model, and no compiler, npm or dev dependency', () => {
    const inImage = (path: string) => existsSync(join(image.root, path));
    for (const path of ['app/dist/cli/main.js', 'app/dist/widget/widget.js', 'app/knowledge/catalog.yaml', 'app/intents', 'app/node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'app/node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz']) {
      expect(inImage(path), path).toBe(true);
    }
    for (const program of ['gcc', 'g++', 'cc', 'c++', 'make', 'python3', 'npm', 'npx']) {
      for (const dir of ['usr/bin', 'usr/local/bin']) expect(inImage(`${dir}/${program}`), `/${dir}/${program}`).toBe(false);
    }
    for (const dev of ['typescript', 'vitest', 'esbuild', 'playwright-core', 'fast-check', 'autocannon']) expect(inImage(`app/node_modules/${dev}`), dev).toBe(false);
    expect(inImage('app/src/core'), 'TypeScript sources').toBe(false);
  });

  it("holds Debian's CA bundle as the base has it: the build's CA was mounted, never copied in", async () => {
    const base = (await run('podman', ['create', BASE_IMAGE, 'true'])).stdout.trim();
    try {
      const baseRoot = (await run('podman', ['mount', base])).stdout.trim();
      const bundle = 'etc/ssl/certs/ca-certificates.crt';
      expect(readFileSync(join(image.root, bundle)).equals(readFileSync(join(baseRoot, bundle)))).toBe(true);
    } finally {
      await run('podman', ['umount', base]);
      await run('podman', ['rm', base]);
    }
  });

  it('answers /healthz, /readyz, /widget.js and a chat turn on 127.0.0.1', async () => {
    const pid = server.pid!;
    expect(JSON.parse((await request(pid, port, '/healthz')).body)).toEqual({ ok: true });
    const ready = await request(pid, port, '/readyz');
    expect(ready.status, ready.body).toBe(200);
    const widget = await request(pid, port, '/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.contentType).toMatch(/javascript/);
    expect(widget.body.length).toBeGreaterThan(1000);

    const chat = await request(pid, port, '/api/chat', { text: 'upstream prematurely closed connection while reading response header from upstream' });
    expect(chat.status, chat.body).toBe(200);
    const { sessionId, replies } = JSON.parse(chat.body) as { sessionId: string; replies: { kind: string; text: string; diagnosis: { vendor: string } }[] };
    expect(sessionId).toMatch(/\S/);
    expect(replies.at(-1)?.kind).toMatch(/^(answer|question)$/);
    expect(replies.at(-1)?.text.length).toBeGreaterThan(40);
    expect(replies.at(-1)?.diagnosis.vendor).toBe('nginx');
  });

  it("passes the image's own health check", async () => {
    const check = await finish(image.start(inNetworkOf(server.pid!), facts.healthcheck!.Test.slice(1)));
    expect(check.code, check.stderr).toBe(0);
  });

  it('keeps the conversation in the SQLite file on the volume, written as the image user', () => {
    const database = join(volume, 'sessions.sqlite');
    expect(existsSync(database)).toBe(true);
    expect(statSync(database).uid).toBe(image.uid);
  });

  it('classifies a screenshot with the OCR model inside the image, with no network at all', async () => {
    const shot = join(volume, 'shot.png');
    writeFileSync(shot, await drawnPage('504 Gateway Time-out', 'nginx').png().toBuffer());
    chownSync(shot, image.uid, image.gid);
    const classify = image.start(['unshare', '--net'], [...(facts.config.Entrypoint ?? []), 'classify']);
    const result = await finish(classify, `${JSON.stringify({ id: 'shot', image: `${VOLUME}/shot.png` })}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'shot', vendor: 'nginx', cause: 'upstream_timeout' });
  });

  it(`behind the balancer image ${BALANCER_IMAGE} with container/Caddyfile, as compose.yaml runs them`, async () => {
    // Both upstream names lead to this one server: the two-replica behaviour is test/container/topology.test.ts.
    const hosts = join(mkdtempSync(join(tmpdir(), 'updoc-balancer-')), 'hosts');
    writeFileSync(hosts, '127.0.0.1 localhost updoc-1 updoc-2\n');
    const balancer = await ImageRoot.open(BALANCER_IMAGE, balancerFacts.config, [[CADDYFILE, '/etc/caddy/Caddyfile'], [hosts, '/etc/hosts']]);
    try {
      expect(balancer.uid).not.toBe(0);
      const pid = server.pid!;
      const caddy = balancer.start(inNetworkOf(pid), balancer.defaultCommand);
      const caddyLog = collect(caddy);
      const public_ = portOf(balancerFacts);
      await waitFor200(caddy, pid, public_, '/healthz', caddyLog);
      const chat = await request(pid, public_, '/api/chat', { text: 'what does 502 bad gateway mean' });
      expect(chat.status, chat.body).toBe(200);
      expect((await request(pid, public_, '/metrics')).status).toBe(404);
      const check = await finish(balancer.start(inNetworkOf(pid), balancerFacts.healthcheck!.Test.slice(1)));
      expect(check.code, check.stderr).toBe(0);
      caddy.kill(balancerFacts.config.StopSignal as NodeJS.Signals);
      expect(await exitOf(caddy), caddyLog()).toBe(0);
    } finally {
      await balancer.close();
    }
  });

  it('exits 0 on SIGTERM', async () => {
    server.kill('SIGTERM');
    expect(await exitOf(server), serverLog().slice(-2000)).toBe(0);
    expect(serverLog()).toMatch(/shutting down/);
  });
});

describe('.dockerignore: what a build context keeps', () => {
  it('keeps the sources and drops dependencies, build output, conversations, secrets and test output', async () => {
    const context = mkdtempSync(join(tmpdir(), 'updoc-context-'));
    copyFileSync(join(ROOT, '.dockerignore'), join(context, '.dockerignore'));
    const kept = ['package.json', 'src/core/bot.ts', 'knowledge/catalog.yaml', 'Containerfile'];
    const dropped = ['node_modules/zod/index.js', 'dist/cli/main.js', '.updoc/sessions.sqlite', '.env', '.env.local', 'sessions.sqlite-wal', 'test-artifacts/vision/a.png', 'coverage/index.html', 'test/web/api.test.ts', '.git/HEAD', 'npm-debug.log'];
    for (const file of [...kept, ...dropped]) {
      mkdirSync(join(context, dirname(file)), { recursive: true });
      writeFileSync(join(context, file), file);
    }
    writeFileSync(join(context, 'Containerfile'), 'FROM scratch\nCOPY . /context/\n');
    const tag = `localhost/updoc-context-probe:${process.pid}`;
    await run('podman', ['build', '--isolation', 'chroot', '-q', '-t', tag, context]);
    const probe = (await run('podman', ['create', tag, 'true'])).stdout.trim();
    try {
      const root = (await run('podman', ['mount', probe])).stdout.trim();
      const { stdout } = await run('find', ['.', '-type', 'f'], { cwd: join(root, 'context') });
      expect(stdout.split('\n').filter(Boolean).map((path) => path.slice(2)).sort()).toEqual(['.dockerignore', ...kept].sort());
    } finally {
      await run('podman', ['umount', probe]);
      await run('podman', ['rm', probe]);
      await run('podman', ['rmi', tag]);
    }
  });
});
