import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply/model.js';
import { actionIds, Conversation } from '../helpers/conversation.js';

/**
 * Conversations as visitors and site owners hold them (typos, pasted pages and logs, terse answers),
 * one group per defect class of issue 13. Every turn also keeps the promises `Conversation`
 * checks: never empty, never the previous reply again, never a question already answered.
 */

const asksRole = (reply: Reply) => actionIds(reply).some((id) => id.startsWith('fact:role:')) || /your own site, or a site you are visiting/i.test(reply.text);
const asksAnything = (reply: Reply) => reply.actions.some((a) => a.role === 'choice');

describe('1. it never asks what it was just told', () => {
  it.each([
    ['my blog on nginx shows 502', 'owner'],
    ['502 on my own site, nginx page', 'owner'],
    ['our api returns 502 since the deploy', 'owner'],
    ['is reddit down? getting 502', 'visitor'],
    ["my university's page says 502 bad gateway", 'visitor'],
    ['ich bin nur Kunde, der Shop zeigt 502 Bad Gateway', 'visitor'],
    ['my banks website keeps giving 502 when i log in', 'visitor'],
    ['a shop I order from shows bad gateway at checkout', 'visitor'],
  ])('"%s" is answered as a %s without the role question', async (text, role) => {
    const c = Conversation.start();
    const reply = await c.say(text);
    expect(reply.kind).toBe('answer');
    expect(asksRole(reply)).toBe(false);
    expect((await c.state())?.facts.role?.value).toBe(role);
  });

  it('never asks the role after an answer written for a visitor', async () => {
    const c = Conversation.start();
    await c.say('is it my wifi? a site gives me 502');
    for (const text of ['what does it mean exactly?', 'the site is still down', 'ok and how long usually?']) expect(asksRole(await c.say(text))).toBe(false);
  });

  it('never asks anything more after a handoff', async () => {
    const c = Conversation.start();
    await c.say('my site shows 502 bad gateway');
    expect((await c.say('can I talk to a human please')).kind).toBe('handoff');
    expect(asksAnything(await c.say('it runs on php'))).toBe(false);
  });

  it('takes the role from a pressed button over anything read before', async () => {
    const c = Conversation.start();
    await c.say('the site shows 502 bad gateway');
    await c.press('fact:role:visitor');
    expect((await c.state())?.facts.role).toMatchObject({ value: 'visitor', source: 'button' });
  });
});

describe('2. it answers first; a question may follow', () => {
  it('explains what a 502 means without asking anything', async () => {
    const reply = await Conversation.start().say('what does 502 bad gateway mean');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/front layer|gateway|proxy/i);
    expect(asksAnything(reply)).toBe(false);
  });

  it('says how long these last without asking anything', async () => {
    const reply = await Conversation.start().say('how long do these last');
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis.intent).toBe('duration');
    expect(reply.text).toMatch(/minutes|seconds|hours/);
    expect(asksAnything(reply)).toBe(false);
  });

  it('answers an owner with steps and asks one question after them', async () => {
    const reply = await Conversation.start().say('my site gives 502 bad gateway, how do i fix it');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/^1\. /m);
    const questions = new Set(reply.actions.filter((a) => a.role === 'choice').map((a) => a.id.split(':')[1]));
    expect(questions.size).toBeLessThanOrEqual(1);
    expect(reply.text.indexOf('1. ')).toBeLessThan(reply.text.lastIndexOf('?'));
  });

  it('answers a comparison with the other code named', async () => {
    const reply = await Conversation.start().say('whats the diffrence between 502 and 504??');
    expect(reply.diagnosis.intent).toBe('compare');
    expect(reply.text).toMatch(/504/);
  });

  it('asks at most three questions in a conversation', async () => {
    const c = Conversation.start();
    let asked = 0;
    for (const text of ['my site is down with 502', 'not sure', 'dunno', 'no idea', 'still no idea sorry', 'hmm']) {
      if (asksAnything(await c.say(text))) asked += 1;
    }
    expect(asked).toBeLessThanOrEqual(3);
  });
});

describe('7. a follow-up question gets its own answer, not the previous article again', () => {
  it('"where do I set the gunicorn timeout?" after a worker timeout', async () => {
    const c = Conversation.start();
    const first = await c.say('[2024-06-02 09:13:01 +0000] [1234] [CRITICAL] WORKER TIMEOUT (pid:4321) and nginx answers 502 on our export page');
    expect(first.diagnosis).toMatchObject({ upstream: 'gunicorn', cause: 'upstream_crash' });
    const follow = await c.say('where do I set the gunicorn timeout?');
    expect(follow.kind).toBe('answer');
    expect(follow.text).toMatch(/timeout/);
    expect(follow.text.length).toBeLessThan(first.text.length);
    expect(first.text).not.toContain(follow.text);
  });

  it('"where is that log?" after being asked for a log line', async () => {
    const c = Conversation.start();
    await c.say('502 Bad Gateway nginx/1.22.1 on my own site');
    const reply = await c.say('where is that log?');
    expect(reply.text).toMatch(/\/var\/log\/nginx\/error\.log/);
  });

  it('"idk where that is" after the request for a log line is told where it is', async () => {
    const c = Conversation.start();
    await c.say('my nginx site shows 502');
    const reply = await c.say('idk where that is');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/error\.log/);
  });

  it('"will I be charged twice?" after a 502 at checkout', async () => {
    const c = Conversation.start();
    await c.say("i'm a customer, the shop showed 502 bad gateway when i pressed pay");
    const reply = await c.say('will I be charged twice?');
    expect(reply.text).toMatch(/bank|email|confirmation/i);
  });

  it('a new question on another topic gets that topic', async () => {
    const c = Conversation.start();
    await c.say('what does 502 bad gateway mean');
    const reply = await c.say('and what is a 504 then?');
    expect(reply.diagnosis.intent).toMatch(/compare|explain/);
    expect(reply.text).toMatch(/504/);
  });
});

describe('8. text a person can read', () => {
  const conversations = [
    ['my wordpress site shows 502 bad gateway after i installed a plugin'],
    ['Cloudflare 502 on my site, origin is nginx'],
    ['is it my fault? the page says 502'],
    ['connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.4, server: shop.example.com'],
    ['how long will the 502 last?'],
    ['502 Bad Gateway nginx/1.18.0 on my own site', 'it is a node app'],
  ];

  it.each(conversations)('no empty heading, internal tag, odd capital or echo in "%s"', async (...turns) => {
    const c = Conversation.start();
    for (const turn of turns) {
      const reply = await c.say(turn);
      expect(reply.text).not.toMatch(/\*\*[^*\n]+\*\*\s*(?:\n\n|$)/);
      expect(reply.text).not.toMatch(/\[(?:from memory|todo|tbd)\]/i);
      expect(reply.text).not.toMatch(/\bYour (?:\*\*)?Cloudflare/);
      expect(reply.text).not.toMatch(/\bmeans [A-Z][a-z]/);
      expect(reply.text).not.toMatch(/you mention/i);
    }
  });

  it('quotes only what was pasted, not the person\'s own sentence', async () => {
    const reply = await Conversation.start().say('my site is on nginx with gunicorn and keeps giving 502');
    expect(reply.text).not.toMatch(/What you pasted|The page you pasted/);
  });

  it('puts the steps in the first reply, not behind "More"', async () => {
    const reply = await Conversation.start().say('my site shows 502 bad gateway');
    expect(reply.text).toMatch(/^1\. /m);
  });
});

describe('9. short replies are read against the question just asked', () => {
  it('"nginx i think" answers the question about the stack', async () => {
    const c = Conversation.start();
    await c.say('my app returns 502 bad gateway');
    await c.say('nginx i think');
    expect((await c.state())?.facts.vendor?.value).toBe('nginx');
  });

  it('"php" answers "what runs your app"', async () => {
    const c = Conversation.start();
    const first = await c.say('nginx 502 on my site');
    if (!actionIds(first).includes('fact:upstream:php_fpm')) throw new Error(`asked something else: ${first.text}`);
    const reply = await c.say('php');
    expect((await c.state())?.facts.upstream?.value).toBe('php_fpm');
    expect(reply.text).toMatch(/PHP-FPM/);
  });

  it('"dunno" to the stack question moves on without asking it again', async () => {
    const c = Conversation.start();
    const first = await c.say('nginx 502 on my site');
    const fact = first.actions.find((a) => a.role === 'choice')?.id.split(':')[1];
    const next = await c.say('dunno');
    expect(actionIds(next).some((id) => id.startsWith(`fact:${fact}:`))).toBe(false);
  });

  it('a misspelled answer still counts ("its mine")', async () => {
    const c = Conversation.start();
    await c.say('the site shows 502 bad gatway');
    await c.press('fact:role:owner');
    expect((await c.state())?.facts.role?.value).toBe('owner');
  });
});
