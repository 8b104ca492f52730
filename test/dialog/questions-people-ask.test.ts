import { describe, expect, it } from 'vitest';
import { Conversation } from '../helpers/conversation.js';

/**
 * The questions people ask once they have an answer ("did they take my money?", "is my data
 * safe?", "who do I tell?") get an answer of their own, for who is asking, not the article again
 * nor "that does not change my answer".
 */

const STILL_BEST = /does not change what I said|still my best explanation|Nothing in that changes/i;

describe('a question after the answer gets its own answer', () => {
  it.each([
    ['trying to pay for concert tickets and the shop shows 502 bad gateway', 'did they take my money??', /bank|card|confirmation/i],
    ['trying to pay for concert tickets and the shop shows 502 bad gateway', 'is my money safe?', /bank|card|confirmation/i],
    ['my exam portal at uni shows 502 bad gateway', 'who do i email about it', /support|contact|help ?desk/i],
    ['my exam portal at uni shows 502 bad gateway', 'should i keep refreshing?', /minute/i],
    ['ticket site shows 502 when I try to buy', 'will i lose my spot in the queue?', /queue|cart/i],
  ])('a visitor: "%s", then "%s"', async (first, question, answer) => {
    const c = Conversation.start();
    const opening = await c.say(first);
    const reply = await c.say(question);
    expect(reply.text).not.toMatch(STILL_BEST);
    expect(reply.text).toMatch(answer);
    expect(reply.text.length).toBeLessThan(opening.text.length);
    expect(reply.text).not.toMatch(/systemctl|error log/i);
  });

  it('a visitor asking whether their money is safe, right after asking whether it was taken, hears about its safety', async () => {
    const c = Conversation.start();
    await c.say('paying for my order on a shoe shop and it says 502 bad gateway');
    const taken = await c.say('did they take my money??');
    const safe = await c.say('will my money be safe?');
    expect(safe.text).not.toMatch(STILL_BEST);
    expect(safe.text).not.toBe(taken.text);
    expect(safe.text).toMatch(/refund|not lost/i);
  });

  it.each([
    ['our node api behind nginx gives 502, log: connect() failed (111: Connection refused) while connecting to upstream', 'is my data safe?', /database|stored/i],
    ['our node api behind nginx gives 502, log: connect() failed (111: Connection refused) while connecting to upstream', 'why did this happen?', /crash|stopped|restart/i],
  ])('an owner: "%s", then "%s"', async (first, question, answer) => {
    const c = Conversation.start();
    await c.say(first);
    const reply = await c.say(question);
    expect(reply.text).not.toMatch(STILL_BEST);
    expect(reply.text).toMatch(answer);
    expect(reply.text).not.toMatch(/cookie/i);
  });

  it('an owner whose site works again hears why it happened, not "OK"', async () => {
    const c = Conversation.start();
    await c.say('nginx 502 bad gateway on my ubuntu vps, php-fpm behind it');
    await c.say('i restarted php-fpm and it works now');
    const reply = await c.say('but why did it happen?');
    expect(reply.text).toMatch(/log|memory|crash/i);
    expect(reply.text).not.toMatch(/^OK\./);
  });

  it('a question about the product still gets the product answer', async () => {
    const c = Conversation.start();
    await c.say('django with gunicorn behind nginx, random 502 on long requests');
    expect((await c.say('where are the logs?')).text).toMatch(/journalctl -u gunicorn/);
  });
});

describe('asking for the fix again, right after the steps', () => {
  it('a visitor hears that the steps are all they can do, and who fixes it', async () => {
    const c = Conversation.start();
    await c.say('the university portal for uploading my thesis gives error 502 and the deadline is tonight');
    const reply = await c.say('what do i do');
    expect(reply.text).not.toMatch(STILL_BEST);
    expect(reply.text).toMatch(/site's side|their side/);
  });

  it('an owner hears that the steps stand and what would narrow them down', async () => {
    const c = Conversation.start();
    await c.say('2026/12/07 10:12:01 [error] 1234#1234: *56 upstream timed out (110: Connection timed out) while reading response header from upstream, upstream: "fastcgi://unix:/run/php/php8.1-fpm.sock"');
    const reply = await c.say('how do i fix it');
    expect(reply.text).not.toMatch(STILL_BEST);
    expect(reply.text).toMatch(/steps above/);
  });
});
