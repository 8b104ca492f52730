import type { FeedbackRecord, HandoffPacket, TurnRecord } from '../../../src/core/ports.js';

/** Records as the bot writes them, with defaults a test overrides. */
export function turn(at: number, sessionId = 's', extra: Partial<TurnRecord> = {}): TurnRecord {
  return {
    at,
    sessionId,
    text: `question at ${at}`,
    kind: 'answer',
    intent: 'explain',
    vendor: 'nginx',
    upstream: 'php_fpm',
    cause: 'upstream_down',
    article: 'nginx-upstream-down',
    confidence: 0.9,
    unanswered: false,
    ...extra,
  };
}

export function feedback(at: number, value: 'up' | 'down' = 'up', extra: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return { at, sessionId: 's', value, reply: 'the answer', article: 'nginx-upstream-down', ...extra };
}

export function handoff(at: number, sessionId = 's'): HandoffPacket {
  return {
    at,
    sessionId,
    transcript: [
      { from: 'person', text: 'my site says 502', at },
      { from: 'bot', text: 'a person will take over', at },
    ],
    diagnosis: { intent: 'human', vendor: 'nginx', upstream: 'unknown', cause: 'unknown', article: null, confidence: 0.8 },
    probe: { url: 'https://shop.example.com/', verdict: 'gateway_error', at },
  };
}
