import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** What `/metrics` reports, in a registry of its own so that several servers in one process do not collide. */
export interface Metrics {
  registry: Registry;
  turns: Counter<'channel' | 'kind' | 'intent'>;
  turnSeconds: Histogram<'channel'>;
  probes: Counter<'verdict'>;
  screenshotSeconds: Histogram;
  httpErrors: Counter<'class'>;
}

const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const OCR_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    turns: new Counter({
      name: 'updoc_turns_total',
      help: 'Turns answered, by channel and by the kind and intent of the final reply',
      labelNames: ['channel', 'kind', 'intent'],
      registers: [registry],
    }),
    turnSeconds: new Histogram({
      name: 'updoc_turn_duration_seconds',
      help: 'Time to answer one turn, by channel',
      labelNames: ['channel'],
      buckets: TURN_BUCKETS,
      registers: [registry],
    }),
    probes: new Counter({
      name: 'updoc_probes_total',
      help: 'Replies that report a live probe, by its verdict',
      labelNames: ['verdict'],
      registers: [registry],
    }),
    screenshotSeconds: new Histogram({
      name: 'updoc_ocr_duration_seconds',
      help: 'Time to answer a screenshot turn, reading the image (OCR) included',
      buckets: OCR_BUCKETS,
      registers: [registry],
    }),
    httpErrors: new Counter({
      name: 'updoc_http_errors_total',
      help: 'HTTP responses with an error status, by status class (4xx, 5xx)',
      labelNames: ['class'],
      registers: [registry],
    }),
  };
}
