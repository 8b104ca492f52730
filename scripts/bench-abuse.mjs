// The attacks of issue 16 against a real `updoc serve` on loopback, measured: how fast a refusal
// or a busy reply comes, whether /healthz keeps answering, how many handoffs get through.
// Measures, never asserts. Standalone: `node scripts/bench-abuse.mjs` after a build (about 80 s).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startServe } from './serve-process.mjs';

const rows = [];
const row = (measure, value, goal) => rows.push({ measure, value, goal });
const max = (xs) => Math.round(Math.max(0, ...xs));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `updoc serve` on a fresh SQLite file of its own. */
const serve = (env) => startServe({ STORE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'updoc-abuse-')), 's.sqlite')}`, ...env });

/** One request from a chosen loopback address; resolves with the status, the body and the milliseconds it took. */
function send(url, { method = 'GET', headers = {}, body, from } = {}) {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(from ? { localAddress: from } : {}) }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text, ms: performance.now() - start }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const chat = (base, body, from) => send(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), from });

/** /healthz latencies, asked one after another until `done` settles. */
async function healthWhile(base, done) {
  const times = [];
  let finished = false;
  done.finally(() => (finished = true));
  while (!finished) times.push((await send(`${base}/healthz`)).ms);
  return times;
}

/** 11.9 MB of image bytes to /api/chat, streamed until the server answers. */
function imageToChat(base) {
  const total = Math.round(11.9 * 1024 * 1024);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'image/png', 'content-length': total } }, (res) => {
      answered = true;
      const ms = performance.now() - start;
      let size = 0;
      res.on('data', (chunk) => (size += chunk.length));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode, ms, size });
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x89);
    let sent = 0;
    const more = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', more);
      }
      if (!answered) req.end();
    };
    more();
  });
}

async function bodies(base) {
  await chat(base, { text: 'warm up' }, '127.0.0.8');
  const runs = [];
  const health = [];
  for (let i = 0; i < 7; i += 1) {
    const refused = imageToChat(base);
    health.push(...(await healthWhile(base, refused)));
    runs.push(await refused);
  }
  const { status, size } = runs[0];
  row(`11.9 MB of image bytes to /api/chat: status ${status}, ${size} bytes of answer (median of 7, ms)`, Math.round(median(runs.map((r) => r.ms))), '413/415 in < 50');
  row('/healthz slowest answer meanwhile (ms)', max(health), '< 100');
}

async function spoofedForwarding(base) {
  const spoofed = [];
  for (let i = 0; i < 150; i += 1) {
    spoofed.push((await send(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` }, body: '{"text":"hi"}', from: '127.0.0.9' })).status);
  }
  row('150 requests with varied X-Forwarded-For, limit 120/min: answered 200', spoofed.filter((s) => s === 200).length, '120 (then 429)');
}

async function screenshots(base) {
  const noise = await sharp(randomBytes(1200 * 900), { raw: { width: 1200, height: 900, channels: 1 } }).png().toBuffer();
  const honest = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="100%" height="100%" fill="#fff"/><text x="640" y="80" font-size="32" text-anchor="middle">502 Bad Gateway</text></svg>')).png().toBuffer();
  const post = (png, from) => send(`${base}/api/screenshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png, from });
  const clog = Promise.all([0, 1, 2].map(() => post(noise, '127.0.0.2')));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const busy = post(honest, '127.0.0.3');
  const health = await healthWhile(base, busy);
  const answer = await busy;
  const said = JSON.parse(answer.body).replies.at(-1).text;
  row(`honest screenshot while 3 noise PNGs clog the reader: "${said.slice(0, 40)}…" (ms)`, Math.round(answer.ms), 'busy reply < 2000');
  row('/healthz slowest answer while the reader is clogged (ms)', max(health), '< 100');
  await clog;
  const strip = await sharp(Buffer.alloc(16 * 2_400_000, 255), { raw: { width: 16, height: 2_400_000, channels: 1 } }).png().toBuffer();
  row(`16×2,400,000 PNG (${Math.round(strip.length / 1024)} KB): answered in (ms)`, Math.round((await post(strip, '127.0.0.4')).ms), 'refused, no resize');
}

async function handoffSpam() {
  let delivered = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered += 1;
      res.end('{}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const server = await serve({ RATE_LIMIT_PER_MINUTE: '1000000', HANDOFF_WEBHOOK_URL: `http://127.0.0.1:${receiver.address().port}/hook` });
  try {
    for (let i = 0; i < 100; i += 1) await chat(server.url, { action: 'human' }, '127.0.0.2');
    const { body } = await chat(server.url, { text: 'my shop shows 502 bad gateway' }, '127.0.0.2');
    const sessionId = JSON.parse(body).sessionId;
    for (let i = 0; i < 100; i += 1) await chat(server.url, { sessionId, action: 'human' }, '127.0.0.2');
    for (let i = 0; i < 100; i += 1) {
      const opened = JSON.parse((await chat(server.url, { text: 'my shop shows 502 bad gateway' }, '127.0.0.2')).body).sessionId;
      await chat(server.url, { sessionId: opened, action: 'human' }, '127.0.0.2');
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    row('300 handoff requests from one client: webhook deliveries', delivered, 'a handful');
  } finally {
    server.child.kill('SIGTERM');
    receiver.close();
  }
}

/** Raw connections that send their request a byte every second; how long until the server closes each. */
async function slowConnections(base) {
  const { port } = new URL(base);
  const trickle = (head) =>
    new Promise((resolve) => {
      const start = performance.now();
      const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.5' });
      const timer = setInterval(() => socket.write('a'), 1_000);
      socket.on('error', () => undefined);
      socket.once('connect', () => socket.write(head));
      socket.once('close', () => {
        clearInterval(timer);
        resolve(performance.now() - start);
      });
    });
  const [headers, body] = await Promise.all([
    trickle('POST /api/chat HTTP/1.1\r\nHost: updoc\r\nX-Slow: '),
    trickle('POST /api/chat HTTP/1.1\r\nHost: updoc\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n'),
  ]);
  row('slow headers (a byte a second): connection closed after (s)', Math.round(headers / 100) / 10, '10 s header timeout');
  row('slow body (a byte a second): connection closed after (s)', Math.round(body / 100) / 10, '60 s request timeout');
}

const main = await serve({ RATE_LIMIT_PER_MINUTE: '120' });
try {
  await bodies(main.url);
  await spoofedForwarding(main.url);
  await screenshots(main.url);
  await slowConnections(main.url);
} finally {
  main.child.kill('SIGTERM');
}
await handoffSpam();
for (const r of rows) console.log(`${r.measure.padEnd(90)} ${String(r.value).padStart(8)}   goal ${r.goal}`);
console.log(JSON.stringify({ abuse: rows }));
