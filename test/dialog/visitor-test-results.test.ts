import { describe, expect, it } from 'vitest';
import { Conversation } from '../helpers/conversation.js';

/**
 * A visitor told to try another device or network comes back with the result: the same error
 * there settles whose side it is; a page that loads there points at their own network.
 */

const SITE_SIDE = /it is not you|it is the website's side/;

describe("a visitor's result from another device or network", () => {
  it.each([
    'checked with my phone on mobile data, same error',
    "it doesn't load on my laptop either",
    'still the 502 in incognito',
    'my sister tried from her computer, also broken',
  ])('"%s": the site\'s side, said as such', async (result) => {
    const c = Conversation.start();
    await c.say('the concert ticket shop shows 502 bad gateway for me');
    const reply = await c.say(result);
    expect(reply.text).toMatch(SITE_SIDE);
    expect(reply.text).not.toMatch(/does not change what I said|error log|sudo/);
    expect((await c.state())?.facts.scope?.value).toBe('site_side');
  });

  it('a page that fails on the wifi and loads on 4g is their own network, not the site', async () => {
    const c = Conversation.start();
    await c.say('the concert ticket shop shows 502 bad gateway for me');
    const reply = await c.say("it doesn't load on the home wifi but works on 4g");
    expect(reply.text).not.toMatch(SITE_SIDE);
    expect((await c.state())?.facts.scope?.value).toBe('own_network');
  });

  it("an owner's own test on a phone gets no visitor's verdict", async () => {
    const c = Conversation.start();
    await c.say('my own site on nginx shows 502 bad gateway since the deploy, I run the server');
    const reply = await c.say('same thing on my phone');
    expect(reply.text).not.toMatch(SITE_SIDE);
  });
});
