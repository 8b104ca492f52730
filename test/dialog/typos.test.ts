import { describe, expect, it } from 'vitest';
import { Conversation } from '../helpers/conversation.js';

/** Typed in a hurry: a misspelt word of a product question or of the error's name still counts. */

describe('typos in the words that matter', () => {
  it.each([
    ['wher are the logs', /docker (?:compose )?logs/],
    ['were are the logs??', /docker (?:compose )?logs/],
    ['how do i restrat nginx', /nginx -s reload/],
    ['where are the lgos', /docker (?:compose )?logs/],
  ])('in a Compose conversation, "%s" gets its product answer', async (question, answer) => {
    const c = Conversation.start();
    await c.say('my docker compose stack: nginx container in front of a flask app container, nginx says 502');
    const reply = await c.say(question);
    expect(reply.text).toMatch(answer);
    expect(reply.text).not.toMatch(/^Your \*\*nginx\*\*/);
  });

  it('"bad gatway" is a gateway error, answered at once', async () => {
    const reply = await Conversation.start().say('cant join the minecraft server website, keeps saying bad gatway');
    expect(reply.kind).toBe('answer');
    expect(reply.text).not.toMatch(/rephrase|didn't quite get/i);
  });
});
