import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/analytics/report.js';
import { groupSimilarQuestions } from '../../src/analytics/similar-questions.js';
import { HOUR_MS } from '../../src/analytics/spikes.js';
import type { ActivityRecords } from '../../src/store/store.js';
import { feedback, handoff, turn } from '../store/helpers/records.js';

const DAY = 24 * HOUR_MS;
const TO = Date.UTC(2025, 4, 8, 12, 0, 0);
const FROM = TO - 7 * DAY;
const none: ActivityRecords = { turns: [], feedback: [], handoffs: [] };
const report = (records: Partial<ActivityRecords>) => buildReport({ ...none, ...records }, { from: FROM, to: TO });

describe('resolution rate', () => {
  it('counts a conversation resolved on a thumbs up, or when it ended on an answer', () => {
    const at = TO - HOUR_MS;
    const r = report({
      turns: [
        // thumbs up, even after a question
        turn(at, 'up'),
        turn(at + 1, 'up', { kind: 'question' }),
        // ended on an answer
        turn(at, 'answered', { kind: 'question' }),
        turn(at + 1, 'answered'),
        // a question followed the answer
        turn(at, 'asked-again'),
        turn(at + 1, 'asked-again', { kind: 'question' }),
        // the last answer could not answer
        turn(at, 'unanswered', { unanswered: true, article: null }),
        // handed to a person
        turn(at, 'handed-off'),
        turn(at + 1, 'handed-off', { kind: 'handoff' }),
        // pressed thumbs down last: that press is answered, but it is no resolution
        turn(at, 'down'),
        turn(at + 1, 'down', { text: '[button] feedback:down' }),
        // thumbs down, then told more and got a better answer
        turn(at, 'down-then-answer'),
        turn(at + 1, 'down-then-answer', { text: '[button] feedback:down' }),
        turn(at + 2, 'down-then-answer'),
      ],
      feedback: [
        feedback(at + 1, 'up', { sessionId: 'up' }),
        feedback(at + 1, 'down', { sessionId: 'down' }),
        feedback(at + 1, 'down', { sessionId: 'down-then-answer' }),
      ],
    });
    expect(r.conversations).toBe(7);
    expect(r.resolved).toBe(3);
    expect(r.resolutionRate).toBe(0.429);
  });

  it('leaves conversations that asked nothing (a "hello", a button pressed on nothing) out of the rate', () => {
    const at = TO - HOUR_MS;
    const greeting = { intent: 'smalltalk', article: null, vendor: 'unknown', upstream: 'unknown', cause: 'unknown' };
    const hellos = Array.from({ length: 424 }, (_, i) => turn(at, `hello-${i}`, { ...greeting, text: 'hello' }));
    const r = report({
      turns: [...hellos, turn(at, 'answered'), turn(at, 'unanswered', { unanswered: true, article: null }), turn(at, 'thumbs', greeting)],
      feedback: [feedback(at, 'up', { sessionId: 'thumbs' })],
    });
    expect([r.conversations, r.asked, r.resolved, r.resolutionRate]).toEqual([427, 2, 1, 0.5]);
  });

  it('has no rate without conversations, and leaves out records outside the period', () => {
    const r = report({ turns: [turn(FROM - 1, 'before')], feedback: [feedback(FROM - 1)], handoffs: [handoff(FROM - 1)] });
    expect([r.conversations, r.asked, r.resolutionRate, r.turns, r.feedback.up, r.handoffs]).toEqual([0, 0, null, 0, 0, 0]);
  });
});

describe('unanswered questions', () => {
  it('groups the same question in other words, with its most asked wording and the count', () => {
    const groups = groupSimilarQuestions([
      'Why does my WordPress site show 502 after updating plugins?',
      'why does my wordpress site show 502 after updating plugins',
      'wordpress shows a 502 after I updated a plugin',
      'How do I renew my domain?',
      'renew domain',
      'hello???',
    ]);
    expect(groups).toEqual([
      { text: 'Why does my WordPress site show 502 after updating plugins?', count: 3 },
      { text: 'renew domain', count: 2 },
      { text: 'hello???', count: 1 },
    ]);
  });

  it('lists only typed questions updoc could not answer, most asked first', () => {
    const at = TO - HOUR_MS;
    const r = report({
      turns: [
        turn(at, 'a', { unanswered: true, text: 'can you fix my printer' }),
        turn(at, 'b', { unanswered: true, text: 'Can you fix my printer?' }),
        turn(at, 'c', { unanswered: true, text: 'is my dns propagated' }),
        turn(at, 'd', { unanswered: true, text: '[button] intent:explain' }),
        turn(at, 'e', { text: 'what does 502 mean' }),
      ],
    });
    expect(r.unanswered).toEqual([
      { text: 'can you fix my printer', count: 2 },
      { text: 'is my dns propagated', count: 1 },
    ]);
  });
});

describe('thumbs down, vendors and causes', () => {
  it('counts thumbs down per article with the latest answer as the example', () => {
    const at = TO - HOUR_MS;
    const r = report({
      feedback: [
        feedback(at, 'down', { article: 'cloudflare-502', reply: 'older answer' }),
        feedback(at + 1, 'down', { article: 'cloudflare-502', reply: 'Restart   PHP-FPM\nand retry' }),
        feedback(at, 'down', { article: null, reply: 'no article here' }),
        feedback(at, 'up', { article: 'nginx-upstream-down' }),
      ],
    });
    expect(r.thumbsDown).toEqual([
      { article: 'cloudflare-502', count: 2, example: 'Restart PHP-FPM and retry' },
      { article: null, count: 1, example: 'no article here' },
    ]);
    expect(r.feedback).toEqual({ up: 1, down: 3 });
  });

  it('counts conversations per vendor and cause, not turns, and leaves out unknown', () => {
    const at = TO - HOUR_MS;
    const r = report({
      turns: [
        turn(at, 'a', { vendor: 'cloudflare', cause: 'upstream_timeout' }),
        turn(at + 1, 'a', { vendor: 'cloudflare', cause: 'upstream_timeout' }),
        turn(at, 'b', { vendor: 'cloudflare', cause: 'unknown' }),
        turn(at, 'c', { vendor: 'nginx', cause: 'upstream_down' }),
        turn(at, 'd', { vendor: 'unknown', cause: 'unknown' }),
      ],
    });
    expect(r.vendors).toEqual([
      { id: 'cloudflare', conversations: 2 },
      { id: 'nginx', conversations: 1 },
    ]);
    expect(r.causes).toEqual([
      { id: 'upstream_down', conversations: 1 },
      { id: 'upstream_timeout', conversations: 1 },
    ]);
  });
});

describe('per-host spikes', () => {
  it('flags an hour with at least 5 people and 3 times the usual for the host', () => {
    const lastHour = TO - HOUR_MS;
    const turns = [
      // 14 people in the last hour for shop.example.com, several turns each
      ...Array.from({ length: 14 }, (_, i) => [turn(lastHour + i, `shop-${i}`, { host: 'shop.example.com' }), turn(lastHour + i + 1, `shop-${i}`, { host: 'shop.example.com' })]).flat(),
      // blog.example.com is always busy: 6 people an hour, every hour
      ...Array.from({ length: 7 * 24 }, (_, h) => Array.from({ length: 6 }, (_, i) => turn(FROM + h * HOUR_MS + i, `blog-${h}-${i}`, { host: 'blog.example.com' }))).flat(),
      // 4 people: not enough to call it a spike
      ...Array.from({ length: 4 }, (_, i) => turn(lastHour, `small-${i}`, { host: 'small.example.com' })),
    ];
    expect(report({ turns }).spikes).toEqual([{ host: 'shop.example.com', hour: new Date(lastHour).toISOString(), people: 14, usual: 0 }]);
  });
});
