import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebServer } from '../../src/channels/web/server.js';
import { Bot } from '../../src/core/bot.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { realDiagnoser } from '../helpers/conversation.js';
import { NO_PAGES } from '../web/helpers/web-server.js';
import { apiRequests, fuzzRuns, hostileText, replyProblem, responseProblem, turns } from './hostile-inputs.mjs';

/**
 * 100,000 hostile inputs in all by default; UPDOC_FUZZ_RUNS sets another total (a quick local run).
 * Nothing here asserts a time: the slowest input of each property is printed instead, and
 * scripts/bench-fuzz.mjs reports max and p99 per input.
 */
const RUNS = fuzzRuns(Number(process.env.UPDOC_FUZZ_RUNS ?? 100_000));
const LONG = 15 * 60_000;

/** Remembers the slowest input of a property, to print at the end. */
class Slowest {
  ms = 0;
  input = '';
  constructor(readonly name: string) {}

  async time<T>(describeInput: () => string, run: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    const result = await run();
    const ms = performance.now() - start;
    if (ms > this.ms) {
      this.ms = ms;
      this.input = describeInput();
    }
    return result;
  }

  report(runs: number): void {
    console.log(`fuzz ${this.name}: ${runs} inputs, slowest ${this.ms.toFixed(1)} ms (${this.input})`);
  }
}

const sketch = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? `<${v.length} bytes>` : v));
  return `${(text ?? '').length} chars: ${JSON.stringify((text ?? '').slice(0, 60))}`;
};

describe('fuzz: the core', () => {
  it(`Diagnoser.analyze never throws on ${RUNS.analyze} hostile messages`, () => {
    const diagnoser = realDiagnoser();
    const slowest = new Slowest('Diagnoser.analyze');
    fc.assert(
      fc.property(hostileText, (text) => {
        const start = performance.now();
        const analysis = diagnoser.analyze(text);
        const ms = performance.now() - start;
        if (ms > slowest.ms) Object.assign(slowest, { ms, input: sketch(text) });
        expect(typeof analysis.diagnosis.intent).toBe('string');
      }),
      { numRuns: RUNS.analyze },
    );
    slowest.report(RUNS.analyze);
  }, LONG);

  it(`Bot.handleTurn answers ${RUNS.turns} hostile turns with valid replies`, async () => {
    const bot = new Bot({ diagnoser: realDiagnoser(), store: new MemoryStore() });
    const slowest = new Slowest('Bot.handleTurn');
    await fc.assert(
      fc.asyncProperty(turns, async ({ sessionId, input }) => {
        const replies = await slowest.time(() => sketch(input), () => bot.handleTurn(sessionId, input));
        expect(replies.length).toBeGreaterThan(0);
        for (const reply of replies) expect(replyProblem(reply)).toBeUndefined();
      }),
      { numRuns: RUNS.turns },
    );
    slowest.report(RUNS.turns);
  }, LONG);
});

describe('fuzz: the HTTP API', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildWebServer({
      bot: new Bot({ diagnoser: realDiagnoser(), store: new MemoryStore() }),
      assets: NO_PAGES,
      allowedOrigins: ['*'],
      rateLimitPerMinute: 1_000_000,
    });
  });
  afterAll(() => app.close());

  it(`answers ${RUNS.api} hostile requests with 2xx or a 4xx JSON error, and keeps answering`, async () => {
    const slowest = new Slowest('HTTP API');
    await fc.assert(
      fc.asyncProperty(apiRequests, async (request) => {
        const response = await slowest.time(() => `${request.method} ${request.url.slice(0, 60)} ${sketch(request.payload ?? '')}`, () => app.inject(request));
        expect(responseProblem(response)).toBeUndefined();
      }),
      { numRuns: RUNS.api },
    );
    slowest.report(RUNS.api);

    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const chat = await app.inject({ method: 'POST', url: '/api/chat', payload: { text: 'my site shows 502 Bad Gateway' } });
    expect(chat.statusCode).toBe(200);
    expect(responseProblem(chat)).toBeUndefined();
  }, LONG);
});
