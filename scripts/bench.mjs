// Benchmarks: `npm run bench`. Measures, never asserts: prints numbers against the goals.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDiagnoser } from '../dist/runtime/diagnoser.js';
import { benchHttp } from './bench-http.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const devSet = new URL('../../shared/eval/dev.jsonl', import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];

function classificationThroughput() {
  const texts = readFileSync(devSet, 'utf8').trim().split('\n').map((line) => JSON.parse(line).text);
  const diagnoser = loadDiagnoser();
  for (let i = 0; i < 2_000; i++) diagnoser.analyze(texts[i % texts.length]);
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const n = 10_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) diagnoser.analyze(texts[i % texts.length]);
    rounds.push(n / ((performance.now() - start) / 1000));
  }
  rows.push({ measure: 'classifications per second (dev set, warm, one process)', value: Math.round(median(rounds)), goal: '>= 5000' });
}

function coldAsk() {
  const times = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    execFileSync(process.execPath, ['bin/updoc.js', 'ask', 'nginx 502 connect() failed (111: Connection refused) while connecting to upstream'], {
      cwd: root,
      env: { ...process.env, STORE_URL: 'memory:' },
      stdio: 'ignore',
    });
    times.push(performance.now() - start);
  }
  rows.push({ measure: 'updoc ask, cold start wall time (median of 7, ms)', value: Math.round(median(times)), goal: '< 1000' });
}

async function httpLoad() {
  const r = await benchHttp();
  rows.push({ measure: 'HTTP text turns per second (one process, 32 connections)', value: r.turnsPerSecond, goal: '>= 1500' });
  rows.push({ measure: 'HTTP turn latency p99 (ms)', value: r.p99Ms, goal: '< 100' });
  rows.push({ measure: 'HTTP errors (non-2xx or failed)', value: r.errors, goal: '0' });
  rows.push({ measure: `server RSS after ${r.sessions} sessions (MiB; ${r.rssStartMiB} at start)`, value: r.rssAfterMiB, goal: 'stable' });
}

classificationThroughput();
coldAsk();
await httpLoad();
for (const row of rows) console.log(`${row.measure.padEnd(62)} ${String(row.value).padStart(8)}   goal ${row.goal}`);
console.log(JSON.stringify({ bench: rows }));

// The other benchmarks print their own rows: the probe against curl, OCR latency and memory, the
// slowest hostile inputs, the attacks of issue 16, and 200 conversations for 60 s across two
// processes sharing Redis.
for (const script of ['scripts/bench-probe.mjs', 'scripts/bench-ocr.mjs', 'scripts/bench-fuzz.mjs', 'scripts/bench-abuse.mjs', 'scripts/load-two-processes.mjs']) {
  execFileSync(process.execPath, ['--expose-gc', script], { cwd: root, stdio: 'inherit' });
}
