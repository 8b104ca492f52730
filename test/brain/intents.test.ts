import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { INTENTS, type Intent } from '../../src/core/taxonomy.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';

let diagnoser: Diagnoser;
beforeAll(() => {
  diagnoser = loadDiagnoser();
});

/** Fresh wordings (not copied from intents/ or the evaluation set), a few per intent. */
const MESSAGES: Record<Intent, string[]> = {
  explain: [
    'can someone explain what "bad gateway" actually means in plain english',
    'what is a gateway and why is it bad lol',
    'what does the message "the proxy server received an invalid response" mean?',
    'what does http 502 mean',
  ],
  whose_fault: [
    'is this 502 thing something wrong with my laptop or their server?',
    'should I call my internet provider about this 502 or is it the website',
    'is the bad gateway on my side?',
    'is it my router? 502 on every page of that site',
  ],
  visitor_fix: [
    "I'm just trying to book a train ticket and the site shows 502, anything I can do?",
    'how can I get around a bad gateway page as a customer',
    "what should I try when a shop website gives me 502, I'm only a buyer",
  ],
  owner_fix: [
    'I run a django site with gunicorn and nginx, 502 after deploy, how do I fix it',
    'my express api behind nginx returns 502 in production, where do I start debugging',
    'how to fix 502 bad gateway on my ubuntu vps with php-fpm',
    'we deployed a new container version and our load balancer started giving 502s',
  ],
  check_url: [
    'is https://tickets.example.com down right now?',
    'can you check whether example.org is up, I keep getting bad gateway',
    'check status of www.mybank-example.com please, 502',
  ],
  compare: [
    "502 vs 504 what's the difference",
    'how is a 502 different from a 503 service unavailable',
    "what's the difference between a timeout and a bad gateway",
  ],
  duration: [
    'how long does a 502 usually last?',
    'will the bad gateway error fix itself or is it permanent',
    'been 3 hours of 502, when will it come back',
  ],
  smalltalk: ['hey there', 'thanks a lot, that solved it!', 'good morning bot'],
  human: ['let me talk to a real person please', 'I want to open a support ticket', 'can I get a human agent on the phone'],
  out_of_scope: ['how do I reset my gmail password', "what's the best pizza in naples", 'write me a poem about the sea'],
};

describe('intent: what the person wants', () => {
  it('has messages for every intent of the taxonomy', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...INTENTS].sort());
  });

  for (const [intent, texts] of Object.entries(MESSAGES)) {
    it.each(texts)(`${intent}: %s`, (text) => {
      expect(diagnoser.analyze(text).diagnosis.intent).toBe(intent);
    });
  }
});

describe('certainty and confidence', () => {
  const NONSENSE = ['asdkjh qwpoeiru zmxncbv', 'xyzzy plugh', 'purple monkey dishwasher'];

  it.each(NONSENSE)('nonsense "%s" is not read as a clear, confident intent', (text) => {
    const analysis = diagnoser.analyze(text);
    const doubtful = analysis.certainty !== 'clear' || analysis.diagnosis.confidence < 0.55;
    expect(doubtful).toBe(true);
    expect(analysis.certainty).not.toBe('clear');
  });

  it('a plain, typical question is clear and confident', () => {
    const analysis = diagnoser.analyze('what is the difference between 502 and 504?');
    expect(analysis.certainty).toBe('clear');
    expect(analysis.diagnosis.confidence).toBeGreaterThanOrEqual(0.55);
  });

  it('confidence is a number in [0, 1] and equals the top intent probability (rounded)', () => {
    const all = [...Object.values(MESSAGES).flat(), ...NONSENSE, '', '?', 'a'.repeat(5000)];
    for (const text of all) {
      const analysis = diagnoser.analyze(text);
      const { confidence } = analysis.diagnosis;
      expect(typeof confidence).toBe('number');
      expect(Number.isFinite(confidence)).toBe(true);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
      const top = analysis.intents[0];
      expect(top?.intent).toBe(analysis.diagnosis.intent);
      expect(Math.abs((top?.probability ?? -1) - confidence)).toBeLessThanOrEqual(0.0005);
    }
  });

  it('intent probabilities cover every intent, are sorted and sum to 1', () => {
    const { intents } = diagnoser.analyze('is the 502 on my end or theirs?');
    expect(intents.map((s) => s.intent).sort()).toEqual([...INTENTS].sort());
    for (let i = 1; i < intents.length; i += 1) expect(intents[i - 1]!.probability).toBeGreaterThanOrEqual(intents[i]!.probability);
    const sum = intents.reduce((n, s) => n + s.probability, 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it('conversational intents get no article; a topical question gets one', () => {
    expect(diagnoser.analyze('thanks, bye!').diagnosis.article).toBeNull();
    expect(diagnoser.analyze('can I speak with a staff member').diagnosis.article).toBeNull();
    const article = diagnoser.analyze("502 vs 504 what's the difference").diagnosis.article;
    expect(typeof article).toBe('string');
    expect(diagnoser.kb.articlesById.has(article ?? '')).toBe(true);
  });
});
