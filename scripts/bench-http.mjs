// HTTP load: text turns against one `updoc serve` process (embedded SQLite store), each turn a new
// session, then the server's memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startArguments } from './serve-process.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const port = 3900 + Math.floor(Math.random() * 90);
const texts = [
  'what does 502 bad gateway mean',
  'is it my wifi?',
  'connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.5, server: app.example.com',
  'nginx 502 with gunicorn after deploying my django app',
  "what's the difference between 502 and 504",
  'how long does a 502 usually last',
  'upstream sent too big header while reading response header from upstream',
  'hello',
  'Error 521 web server is down on my cloudflare site',
  'can I talk to a real person',
];

async function waitForHealth(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/** `sessions` turns, each the first of a new conversation, after a warm-up of `warmup` turns. */
export async function benchHttp({ sessions = 30_000, warmup = 2_000, connections = 32 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'updoc-bench-'));
  const server = spawn(process.execPath, [...startArguments(), '--port', String(port), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, STORE_URL: `sqlite:${join(dir, 's.sqlite')}`, RATE_LIMIT_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(`http://127.0.0.1:${port}/healthz`);
    const rssStart = rssKiB(server.pid);
    let n = 0;
    // autocannon notices the end of a fixed amount only at its next once-a-second sample and
    // reports that as the duration: the rate is timed here, from the start to the last response.
    const load = async (amount) => {
      const start = performance.now();
      let lastResponse = start;
      const run = autocannon({
        url: `http://127.0.0.1:${port}/api/chat`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        connections,
        amount,
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ text: texts[n++ % texts.length] }) }) }],
      });
      run.on('response', () => {
        lastResponse = performance.now();
      });
      const result = await run;
      return { result, seconds: (lastResponse - start) / 1000 };
    };
    await load(warmup);
    const { result, seconds } = await load(sessions);
    return {
      turnsPerSecond: Math.round(result.requests.total / seconds),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.non2xx,
      sessions: result.requests.total + warmup,
      rssStartMiB: Math.round(rssStart / 1024),
      rssAfterMiB: Math.round(rssKiB(server.pid) / 1024),
    };
  } finally {
    server.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchHttp(process.argv[2] ? { sessions: Number(process.argv[2]) } : {})));
