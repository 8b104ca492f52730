import { describe, expect, it } from 'vitest';
import { DialogPolicy } from '../../src/core/dialog/policy.js';
import { newSession, type SessionState } from '../../src/core/dialog/state.js';
import type { Intent } from '../../src/core/taxonomy.js';
import { realDiagnoser } from '../helpers/conversation.js';

/** The dialog policy on its own: a state and an event in, a reply and a changed state out. */
const diagnoser = realDiagnoser();
const policy = new DialogPolicy({ diagnoser, canProbe: true, now: () => 1_000, handoff: { reach: 'packet' } });

function offered(options: Intent[]): SessionState {
  const state = newSession('p', 0);
  state.pending = { type: 'intent', options };
  state.unclearMessage = 'the thing with the 502';
  state.transcript.push({ from: 'person', text: 'the thing with the 502', at: 0 });
  return state;
}

describe('the dialog policy, without store or channel', () => {
  it.each([
    ['yes', ['explain', 'owner_fix'], 'explain'],
    ['yep that one', ['duration', 'explain'], 'duration'],
    ['the other one', ['explain', 'duration'], 'duration'],
    ['how long it will last', ['explain', 'duration'], 'duration'],
  ] as [string, Intent[], Intent][])('"%s" after "Did you mean %j?" picks %s', (text, options, chosen) => {
    const state = offered(options);
    const { reply } = policy.onMessage(state, diagnoser.analyze(text));
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis.intent).toBe(chosen);
    expect(state.pending?.type).not.toBe('intent');
  });

  it('asks for the address of a site to check, and asks for a probe once it has one', () => {
    const state = newSession('q', 0);
    const first = policy.onMessage(state, diagnoser.analyze('can you check whether the site is down'));
    expect(first.reply.text).toMatch(/address/);
    expect(first.probe).toBeUndefined();
    const second = policy.onMessage(state, diagnoser.analyze('shop.example.com'));
    expect(second.probe).toBe('https://shop.example.com');
  });

  it('writes the probe into the answer and the facts', () => {
    const state = newSession('r', 0);
    const decision = policy.onMessage(state, diagnoser.analyze('is https://shop.example.com down? it shows 502'));
    expect(decision.probe).toBe('https://shop.example.com');
    const reply = policy.afterProbe(state, decision, 'https://shop.example.com', {
      url: 'https://shop.example.com', verdict: 'gateway_error', status: 502, vendor: 'nginx', cause: 'unknown', dns: 'resolved', pattern: 'steady', error: null, summary: 'shop.example.com answered 502 from nginx.',
    });
    expect(reply.text).toContain('I checked **shop.example.com** just now: from here it answers with a gateway error (HTTP 502).');
    expect(reply.diagnosis.vendor).toBe('nginx');
    expect(state.facts.vendor).toMatchObject({ value: 'nginx', source: 'probe' });
  });

  it('hands a conversation over once, and only after something to hand over', () => {
    const state = newSession('s', 0);
    state.transcript.push({ from: 'person', text: 'a human please', at: 0 });
    expect(policy.onAction(state, { type: 'human' }).reply.text).toMatch(/first tell me/i);
    expect(state.handedOff).toBe(false);
    state.transcript.unshift({ from: 'person', text: 'my site shows 502', at: 0 });
    expect(policy.onAction(state, { type: 'human' }).reply.kind).toBe('handoff');
    expect(state.handedOff).toBe(true);
    expect(policy.onAction(state, { type: 'human' }).reply.text).toMatch(/already/i);
  });
});
