// Load: conversations against two `updoc serve` processes sharing one local Redis, then checks
// that every acknowledged 👍 is in `updoc report`. Not part of `npm test` (it runs a minute).
// Usage: node scripts/load-two-processes.mjs [--duration 60] [--connections 200] [--rounds 1]
// Prints the 5xx count, lost feedback and each process's RSS before and after each round (several
// rounds show whether memory levels off), then one JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startServe } from './serve-process.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '200' }, rounds: { type: 'string', default: '1' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const rssMiB = (pid) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

function startRedis(port) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', mkdtempSync(join(tmpdir(), 'updoc-load-redis-'))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}

/** One conversation per loop of a connection: a question, an answer to the follow-up, a 👍. */
function conversations(url, share, counts) {
  const body = (value) => (request) => ({ ...request, body: JSON.stringify(value) });
  return autocannon({
    url: `${url}/api/chat`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: share,
    duration,
    requests: [
      {
        setupRequest: body({ text: 'what does 502 bad gateway mean' }),
        onResponse: (status, text, context) => {
          if (status === 200) context.sessionId = JSON.parse(text).sessionId;
        },
      },
      { setupRequest: (request, context) => context.sessionId && body({ sessionId: context.sessionId, text: "it's my own site" })(request) },
      {
        setupRequest: (request, context) => context.sessionId && body({ sessionId: context.sessionId, action: 'feedback:up' })(request),
        // Acknowledged means thanked: a 👍 updoc could not record is answered with a 200 that says so.
        onResponse: (status, text) => {
          if (status === 200 && JSON.parse(text).replies.at(-1)?.text.startsWith('Thanks for the feedback')) counts.acknowledgedThumbs += 1;
        },
      },
    ],
  });
}

const redisPort = await freePort();
const redis = await startRedis(redisPort);
// Every connection comes from 127.0.0.1 here: the cap on one client's connections would close most of them.
const env = { STORE_URL: `redis://127.0.0.1:${redisPort}`, CONNECTIONS_PER_CLIENT: String(connections) };
const servers = await Promise.all([startServe({ ...env, RATE_LIMIT_PER_MINUTE: '1000000' }), startServe({ ...env, RATE_LIMIT_PER_MINUTE: '1000000' })]);
try {
  const rssBefore = servers.map((s) => rssMiB(s.child.pid));
  const counts = { acknowledgedThumbs: 0 };
  const half = Math.ceil(connections / 2);
  const results = [];
  const rssAfter = [];
  for (let round = 1; round <= rounds; round++) {
    results.push(...(await Promise.all(servers.map((s, i) => conversations(s.url, i === 0 ? half : connections - half, counts)))));
    rssAfter.push(servers.map((s) => rssMiB(s.child.pid)));
    console.log(`round ${round}: RSS (MiB) ${rssAfter.at(-1).join(', ')}`);
  }
  const report = JSON.parse(execFileSync(process.execPath, ['bin/updoc.js', 'report', '--json', '--since', '1d'], { cwd: root, env: { ...process.env, ...env } }).toString());
  const summary = {
    durationSeconds: duration * rounds,
    connections,
    requests: results.reduce((sum, r) => sum + r.requests.total, 0),
    requestsPerSecond: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0) / rounds),
    latencyP99Ms: Math.max(...results.map((r) => r.latency.p99)),
    responses5xx: results.reduce((sum, r) => sum + r['5xx'], 0),
    failedRequests: results.reduce((sum, r) => sum + r.errors, 0), // timeouts included
    acknowledgedThumbs: counts.acknowledgedThumbs,
    thumbsInReport: report.feedback.up,
    lostFeedback: Math.max(0, counts.acknowledgedThumbs - report.feedback.up),
    conversationsInReport: report.conversations,
    rssBeforeMiB: rssBefore,
    rssAfterMiB: rssAfter,
  };
  console.log(`5xx responses: ${summary.responses5xx}; failed requests: ${summary.failedRequests}`);
  console.log(`acknowledged 👍: ${summary.acknowledgedThumbs}, in the report: ${summary.thumbsInReport}, lost: ${summary.lostFeedback}`);
  console.log(`requests: ${summary.requests} (${summary.requestsPerSecond}/s, p99 ${summary.latencyP99Ms} ms)`);
  console.log(`RSS (MiB) before: ${rssBefore.join(', ')}; after: ${rssAfter.map((r) => r.join(', ')).join(' | ')}`);
  console.log(JSON.stringify({ load: summary }));
} finally {
  for (const s of servers) s.child.kill('SIGTERM');
  redis.kill('SIGTERM');
}
