// Per-input time over the fuzz suite's hostile inputs (test/ops/hostile-inputs.mjs), against the built code.
// Measures, never asserts: prints max and p99 per input for each target. `node scripts/bench-fuzz.mjs [count]`.
import fc from 'fast-check';
import { buildWebServer } from '../dist/channels/web/server.js';
import { Bot } from '../dist/core/bot.js';
import { loadDiagnoser } from '../dist/runtime/diagnoser.js';
import { MemoryStore } from '../dist/store/memory-store.js';
import { apiRequests, fuzzRuns, hostileText, turns } from '../test/ops/hostile-inputs.mjs';

const SEED = 20_260_409;
const runs = fuzzRuns(Number(process.argv[2] ?? 20_000));

async function timeEach(arbitrary, count, run) {
  const times = [];
  for (const input of fc.sample(arbitrary, { numRuns: count, seed: SEED })) {
    const start = performance.now();
    await run(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { inputs: count, 'p50 ms': +at(0.5).toFixed(2), 'p99 ms': +at(0.99).toFixed(2), 'max ms': +times.at(-1).toFixed(2), goal: 'max < 100 ms' };
}

const diagnoser = loadDiagnoser();
const bot = new Bot({ diagnoser, store: new MemoryStore() });
const app = await buildWebServer({
  bot: new Bot({ diagnoser, store: new MemoryStore() }),
  assets: { demoHtml: '', widgetJs: '' },
  allowedOrigins: ['*'],
  rateLimitPerMinute: 1_000_000,
});

const rows = {
  'Diagnoser.analyze': await timeEach(hostileText, runs.analyze, (text) => diagnoser.analyze(text)),
  'Bot.handleTurn': await timeEach(turns, runs.turns, ({ sessionId, input }) => bot.handleTurn(sessionId, input)),
  'HTTP API (inject)': await timeEach(apiRequests, runs.api, (request) => app.inject(request)),
};
await app.close();
console.table(rows);
