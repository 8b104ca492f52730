// Probe overhead against curl on the same local URL. Measures, never asserts. Needs `npm run build`.
// Like with like: one request each, no retries. The probe is timed in-process around
// `prober.probe()` (URL and address checks, connect, request, response, naming the vendor, the
// report); curl by its own `-w %{time_total}`, so neither pays for starting a process.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { createProber } from '../dist/probe/create-prober.js';
import { identifyWith } from '../dist/probe/identify.js';
import { loadDiagnoser } from '../dist/runtime/diagnoser.js';

const RUNS = 30;
const BATCH = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The server runs in its own process, so that it does not share the probe's event loop.
const SERVER = `require('node:http').createServer((q, r) => r.end('hello')).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
const [firstLine] = await once(server.stdout, 'data');
const port = Number(String(firstLine).trim());
const url = `http://127.0.0.1:${port}/`;

const prober = createProber({
  identify: identifyWith(loadDiagnoser()),
  policy: {
    attempts: 1,
    allowPrivate: true,
    allowedPorts: [port],
    perRequester: { limit: 1e9, windowMs: 1 },
    perHost: { limit: 1e9, windowMs: 1 },
  },
});

async function probeOnce() {
  const start = performance.now();
  const report = await prober.probe(url);
  if (report.verdict !== 'up') throw new Error(`bench: the probe said ${report.verdict}: ${report.summary}`);
  return performance.now() - start;
}

/** curl's own times for `runs` requests, from one shell loop: no process spawned between probes. */
function curlTimes(runs) {
  const loop = `for i in $(seq ${runs}); do curl -s -o /dev/null -w '%{time_total}\\n' '${url}'; done`;
  return execFileSync('sh', ['-c', loop], { encoding: 'utf8' }).trim().split('\n').map((s) => Number(s) * 1000);
}

try {
  for (let i = 0; i < 10; i++) await probeOnce();
  curlTimes(10);
  // Small alternating batches, so that both see the same machine load.
  const probeMs = [];
  const curlMs = [];
  for (let batch = 0; batch < RUNS / BATCH; batch++) {
    for (let i = 0; i < BATCH; i++) probeMs.push(await probeOnce());
    curlMs.push(...curlTimes(BATCH));
    await delay(20); // let the finished shell be reaped before the next probe is timed
  }
  const probe = median(probeMs);
  const curl = median(curlMs);
  const rows = [
    { measure: `probe, in-process, one request (median of ${RUNS}, ms)`, value: Number(probe.toFixed(2)), goal: '' },
    { measure: `curl time_total, same URL (median of ${RUNS}, ms)`, value: Number(curl.toFixed(2)), goal: '' },
    { measure: 'probe / curl', value: Number((probe / curl).toFixed(2)), goal: '<= 1.3' },
  ];
  for (const row of rows) console.log(`${row.measure.padEnd(62)} ${String(row.value).padStart(8)}   ${row.goal ? `goal ${row.goal}` : ''}`);
  console.log(JSON.stringify({ bench: rows }));
} finally {
  server.kill();
}
