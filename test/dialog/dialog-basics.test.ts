import { describe, expect, it } from 'vitest';
import { actionIds, Conversation } from '../helpers/conversation.js';

const NGINX_REFUSED =
  '2024/05/01 10:00:00 [error] 123#123: *45 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.4, server: shop.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "shop.example.com"';

describe('conversations through the bot entry point', () => {
  it('answers an owner at once, asks for the stack, then answers with steps quoting the log line', async () => {
    const c = Conversation.start();
    const first = await c.say('my site is down with 502 bad gateway');
    expect(first.kind).toBe('answer');
    expect(first.text).toMatch(/^1\. /m);
    expect(first.text).toMatch(/error log|runs your app/i);
    expect(actionIds(first).some((id) => id.startsWith('fact:role:'))).toBe(false);

    const answer = await c.say(NGINX_REFUSED);
    expect(answer.kind).toBe('answer');
    expect(answer.text).toContain('**nginx**');
    expect(answer.text).toContain('connect() failed (111: Connection refused)');
    expect(answer.text).toMatch(/nothing was listening/);
    expect(answer.text).toMatch(/^1\. /m);
    expect(answer.diagnosis).toMatchObject({ vendor: 'nginx', cause: 'upstream_down', upstream: 'node' });
  });

  it('answers "is it my wifi?" as a visitor without asking anything', async () => {
    const c = Conversation.start();
    const reply = await c.say('is it my wifi? I get 502 bad gateway on one site');
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis.intent).toBe('whose_fault');
    expect(reply.text).toMatch(/Is it you\?/);
    expect(actionIds(reply).some((id) => id.startsWith('fact:'))).toBe(false);
  });

  it('never asks again a question answered by a button', async () => {
    const c = Conversation.start();
    const first = await c.say('my app gives 502 bad gateway since this morning');
    const option = first.actions.find((a) => a.role === 'choice' && a.id.startsWith('fact:'));
    if (!option) throw new Error('the first answer asks nothing');
    const [, fact, value] = option.id.split(':');
    expect((await c.press(option.id)).kind).toBe('answer');
    for (const text of ['it is still failing after a restart', 'any other idea?']) {
      expect(actionIds(await c.say(text)).some((id) => id.startsWith(`fact:${fact}:`))).toBe(false);
    }
    expect((await c.state())?.facts[fact as 'vendor']).toMatchObject({ value, source: 'button' });
  });

  it('understands a typed answer to the role question', async () => {
    const c = Conversation.start();
    await c.say('what does bad gateway mean?');
    const reply = await c.say("I'm just visiting, it's an online shop");
    expect(reply.kind).toBe('answer');
    expect((await c.state())?.facts.role?.value).toBe('visitor');
  });

  it('hands off to a person at once, keeping the transcript and diagnosis', async () => {
    const c = Conversation.start();
    await c.say(NGINX_REFUSED);
    const reply = await c.say('can I talk to a real person please');
    expect(reply.kind).toBe('handoff');
    expect(reply.text).toMatch(/person/);
    expect(reply.diagnosis.cause).toBe('upstream_down');
    const state = await c.state();
    expect(state?.handedOff).toBe(true);
    expect(state?.transcript.some((t) => t.text.includes('connect() failed'))).toBe(true);
  });

  it('hands off when the "Talk to a person" button is pressed', async () => {
    const c = Conversation.start();
    await c.say('is a 502 my fault?');
    expect((await c.press('human')).kind).toBe('handoff');
  });

  it('greets, thanks and brings the person back to what updoc does', async () => {
    const c = Conversation.start();
    const hello = await c.say('hello!');
    expect(hello.kind).toBe('answer');
    expect(hello.text).toMatch(/502/);
    const thanks = await c.say('thanks a lot');
    expect(thanks.text).toMatch(/help|welcome/i);
  });

  it('declines out-of-scope questions kindly and offers a person', async () => {
    const c = Conversation.start();
    const reply = await c.say('how do I change my billing address');
    expect(reply.diagnosis.intent).toBe('out_of_scope');
    expect(reply.text).toMatch(/gateway errors|502/);
    expect(actionIds(reply)).toContain('human');
  });

  it('asks to rephrase, then offers a person after a second failure', async () => {
    const c = Conversation.start();
    const first = await c.say('blorp fnord zzzt');
    expect(first.kind).toBe('question');
    expect(first.text).toMatch(/rephrase|another way|understand/i);
    const second = await c.say('qwv xxq plonk');
    expect(second.text).toMatch(/person/);
    expect(actionIds(second)).toContain('human');
  });

  it('lets the person pick between two likely meanings', async () => {
    const c = Conversation.start();
    let reply = await c.say('502');
    if (reply.kind === 'question' && actionIds(reply).every((id) => id.startsWith('intent:'))) {
      expect(reply.actions).toHaveLength(2);
      reply = await c.press(reply.actions[0]!.id);
    }
    expect(['answer', 'question']).toContain(reply.kind);
  });

  it('reads a gunicorn worker timeout and gives gunicorn steps', async () => {
    const c = Conversation.start();
    const reply = await c.say('[2024-05-01 10:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:42) and then nginx answers 502 for our reports page');
    expect(reply.diagnosis).toMatchObject({ upstream: 'gunicorn', cause: 'upstream_crash' });
    expect(reply.text).toMatch(/Gunicorn/);
    expect(reply.text).toMatch(/--timeout|timeout/);
  });

  it('reads a missing PHP-FPM socket and gives PHP-FPM steps', async () => {
    const c = Conversation.start();
    const reply = await c.say(
      '2024/05/01 10:00:00 [crit] 811#811: *1 connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream, client: 198.51.100.7, server: blog.example.com',
    );
    expect(reply.diagnosis).toMatchObject({ vendor: 'nginx', upstream: 'php_fpm', cause: 'upstream_down' });
    expect(reply.text).toMatch(/PHP-FPM/);
  });

  it('sends the rest of a long answer on "More", then says that was all', async () => {
    const c = Conversation.start();
    const answer = await c.say(NGINX_REFUSED);
    expect(actionIds(answer)).toContain('more');
    const more = await c.press('more');
    expect(more.kind).toBe('answer');
    expect(answer.text).not.toContain(more.text);
    const done = await c.press('more');
    expect(done.text).toMatch(/everything/);
  });

  it('records thumbs up and down in the session', async () => {
    const c = Conversation.start();
    await c.say('what is the difference between 502 and 504');
    await c.press('feedback:up');
    const down = await c.press('feedback:down');
    expect(actionIds(down)).toContain('human');
    const state = await c.state();
    expect(state?.feedback.map((f) => f.value)).toEqual(['up', 'down']);
  });

  it('answers an unknown button and an empty message with a clear error, not a crash', async () => {
    const c = Conversation.start();
    expect((await c.press('self-destruct')).kind).toBe('error');
    expect((await c.press('fact:role:emperor')).kind).toBe('error');
    expect((await c.say('   ')).kind).toBe('error');
    expect((await c.say('what does 502 mean')).kind).not.toBe('error');
  });

  it('answers a comparison directly, without questions', async () => {
    const c = Conversation.start();
    const reply = await c.say("what's the difference between a 502 and a 503?");
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis.intent).toBe('compare');
    expect(reply.text).toMatch(/503/);
  });

  it('answers a visitor who names the page, with the vendor in the diagnosis', async () => {
    const c = Conversation.start();
    const reply = await c.say("I'm just a customer, the store shows 502 Bad Gateway nginx. anything I can do?");
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis).toMatchObject({ intent: 'visitor_fix', vendor: 'nginx' });
    expect(reply.text).toMatch(/What you can try/);
  });

  it('asks at most three questions, then answers with what would sharpen it', async () => {
    const c = Conversation.start();
    let reply = await c.say('site is down with 502 bad gateway');
    let questions = 0;
    const answers = ['it is mine', 'not sure', "I don't know, sorry", 'no idea', 'dunno'];
    for (const answer of answers) {
      if (reply.kind !== 'question') break;
      questions += 1;
      reply = await c.say(answer);
    }
    expect(questions).toBeLessThanOrEqual(3);
    expect(reply.kind).toBe('answer');
    expect((await c.state())?.asked.length).toBeLessThanOrEqual(3);
  });

  it('does not repeat itself when asked the same thing twice', async () => {
    const c = Conversation.start();
    const first = await c.say('how long does a 502 usually last?');
    const second = await c.say('how long does a 502 usually last?');
    expect(second.text).not.toBe(first.text);
  });

  it('learns the cause from a Cloudflare 521 and explains it to an owner', async () => {
    const c = Conversation.start();
    const reply = await c.say('my site behind cloudflare shows Error 521 Web server is down since I changed the server firewall');
    expect(reply.diagnosis).toMatchObject({ vendor: 'cloudflare', cause: 'upstream_down' });
  });

  it('runs the turns of one session one at a time, in order', async () => {
    const c = Conversation.start();
    const [a, b] = await Promise.all([
      c.bot.handleTurn(c.id, { text: 'hello' }),
      c.bot.handleTurn(c.id, { text: 'what does 502 mean' }),
    ]);
    expect(a[0]?.kind).toBe('answer');
    expect(b[0]).toBeDefined();
    const transcript = (await c.state())?.transcript.filter((t) => t.from === 'person').map((t) => t.text);
    expect(transcript).toEqual(['hello', 'what does 502 mean']);
  });
});
