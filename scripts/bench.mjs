// Benchmarks: `npm run bench`. Measures, never asserts: prints numbers against the goals.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchBrain, printBrain } from './bench-brain.mjs';
import { benchHttp } from './bench-http.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];

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
  rows.push({ measure: 'HTTP text turns per second (one process, 32 connections)', value: r.turnsPerSecond, goal: '>= 3000' });
  rows.push({ measure: 'HTTP turn latency p50 (ms)', value: r.p50Ms, goal: '' });
  rows.push({ measure: 'HTTP turn latency p99 (ms)', value: r.p99Ms, goal: '< 50' });
  rows.push({ measure: 'HTTP errors (non-2xx or failed)', value: r.errors, goal: '0' });
  rows.push({ measure: `server RSS after ${r.sessions} sessions (MiB; ${r.rssStartMiB} at start)`, value: r.rssAfterMiB, goal: '< 250' });
}

const brain = await benchBrain();
printBrain(brain);
coldAsk();
await httpLoad();
console.log('');
for (const row of rows) console.log(`${row.measure.padEnd(62)} ${String(row.value).padStart(8)}   ${row.goal ? `goal ${row.goal}` : ''}`);
console.log(JSON.stringify({ brain: brain.rows, bench: rows }));

// The other benchmarks print their own rows: the probe against curl, OCR latency and memory, the
// slowest hostile inputs, the attacks of issue 16, and 200 conversations for 60 s across two
// processes sharing Redis.
for (const script of ['scripts/bench-probe.mjs', 'scripts/bench-ocr.mjs', 'scripts/bench-fuzz.mjs', 'scripts/bench-abuse.mjs', 'scripts/load-two-processes.mjs']) {
  execFileSync(process.execPath, ['--expose-gc', script], { cwd: root, stdio: 'inherit' });
}
