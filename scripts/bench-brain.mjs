// updoc's full diagnosis against nlp.js's intent-only NlpManager.process, side by side on the same
// texts in the same process: messages per second, their ratio, and per-message latency.
// Measures, never asserts. `node scripts/bench-brain.mjs` alone, or as part of `npm run bench`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadDiagnoser } from '../dist/runtime/diagnoser.js';

const require = createRequire(import.meta.url);
const { NlpManager } = require('node-nlp');

const readTexts = (url) =>
  readFileSync(url, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).text);

/** The labelled sets are for measuring only (../shared/eval); the long posts are this repo's own. */
const SETS = [
  { name: 'forum dev set', url: new URL('../../shared/eval/forum-dev.jsonl', import.meta.url) },
  { name: 'dev set (short lines)', url: new URL('../../shared/eval/dev.jsonl', import.meta.url) },
  { name: 'long posts (scripts/bench-texts)', url: new URL('./bench-texts/long-posts.jsonl', import.meta.url) },
];
const ROUNDS = 7;
/** Each round reads every text of a set this many times, or at least MIN_MESSAGES messages. */
const MIN_MESSAGES = 2_000;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

async function trainNlpJs(kb) {
  const manager = new NlpManager({ languages: ['en'], nlu: { log: false }, autoSave: false, autoLoad: false });
  // nlp.js warns about lines of stop words only ("ok", "thanks"): not what is measured here.
  manager.container.register('logger', { debug() {}, info() {}, log() {}, warn() {}, error() {}, trace() {}, fatal() {} }, true);
  for (const group of kb.intents) for (const example of group.examples) manager.addDocument('en', example, group.intent);
  await manager.train();
  return manager;
}

/** One round: every message timed on its own; the round's rate is messages over its whole time. */
async function round(texts, count, read, latencies) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await read(texts[i % texts.length]);
    latencies.push(performance.now() - t0);
  }
  return count / ((performance.now() - start) / 1000);
}

/** Both readers, rounds interleaved so that a busy machine slows both alike. */
async function compare(texts, readers) {
  const count = Math.max(MIN_MESSAGES, texts.length * 8);
  for (const reader of readers) await round(texts, Math.min(count, 1_000), reader.read, []);
  const results = readers.map(() => ({ rates: [], latencies: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, reader] of readers.entries()) {
      const result = results[i];
      result.rates.push(await round(texts, count, reader.read, result.latencies));
    }
  }
  return results.map(({ rates, latencies }) => {
    latencies.sort((a, b) => a - b);
    return { perSecond: Math.round(median(rates)), p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
  });
}

export async function benchBrain() {
  const diagnoser = loadDiagnoser();
  const trainStart = performance.now();
  const nlp = await trainNlpJs(diagnoser.kb);
  const trainMs = Math.round(performance.now() - trainStart);
  const readers = [
    { name: 'updoc', read: (text) => diagnoser.analyze(text) },
    { name: 'nlp.js', read: (text) => nlp.process('en', text) },
  ];
  const rows = [];
  for (const set of SETS) {
    const texts = readTexts(set.url);
    const chars = median(texts.map((t) => t.length));
    const [updoc, nlpjs] = await compare(texts, readers);
    rows.push({ set: set.name, texts: texts.length, medianChars: chars, updoc, nlpjs, ratio: updoc.perSecond / nlpjs.perSecond });
  }
  return { rows, nlpTrainMs: trainMs };
}

const ms = (x) => x.toFixed(3);

export function printBrain({ rows, nlpTrainMs }) {
  const header = ['texts', 'n', 'chars p50', 'updoc /s', 'nlp.js /s', 'ratio', 'updoc p50 ms', 'updoc p99 ms', 'nlp.js p50 ms', 'nlp.js p99 ms'];
  const lines = rows.map((r) => [r.set, r.texts, r.medianChars, r.updoc.perSecond, r.nlpjs.perSecond, `${r.ratio.toFixed(2)}x`, ms(r.updoc.p50), ms(r.updoc.p99), ms(r.nlpjs.p50), ms(r.nlpjs.p99)].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\nFull diagnosis (updoc analyze: evidence, intent, role, vendor/upstream/cause, article) vs nlp.js NlpManager.process (intent only), warm, same texts, same process');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(`goals: forum dev set ratio >= 2x, dev set ratio >= 1x, updoc p99 <= 2 ms on forum posts (nlp.js trained in ${nlpTrainMs} ms on the same intents/ lines)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchBrain();
  printBrain(result);
  console.log(JSON.stringify({ brain: result.rows }));
}
