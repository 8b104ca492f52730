import { describe, expect, it } from 'vitest';
import { actionIds, Conversation } from '../helpers/conversation.js';

/** Short replies read for what they say: a device of the person's own, a confirmation, news that it works. */

describe('short replies in a conversation under way', () => {
  it('"restarted router already" tells a visitor, who gets no owner steps', async () => {
    const c = Conversation.start();
    await c.say('cant join the minecraft server website, keeps saying bad gateway 502');
    const reply = await c.say('restarted my router already, still the same');
    expect(reply.text).not.toMatch(/Debugging a 502 on your own site|error log|sudo/i);
    expect((await c.state())?.facts.role?.value).toBe('visitor');
  });

  it('restating what is known ("windows server 2019" after IIS) points at no step', async () => {
    const c = Conversation.start();
    await c.say('IIS with ASP.NET Core hosting bundle, 502.5 process failure on my site');
    const reply = await c.say('windows server 2019');
    expect(reply.text).not.toMatch(/ARR|Server Farm/);
  });

  it('"where is the Caddyfile" is answered with where Caddy is configured', async () => {
    const c = Conversation.start();
    await c.say('caddy reverse_proxy to my go app returns 502, caddy log says dial tcp 127.0.0.1:8080: connect: connection refused');
    expect((await c.say('where is the Caddyfile')).text).toMatch(/\/etc\/caddy\/Caddyfile/);
  });

  it('"it works now" is not thanked for with "you\'re welcome"', async () => {
    for (let i = 0; i < 3; i++) {
      const c = Conversation.start();
      await c.say('nginx 502 bad gateway on my ubuntu vps, php-fpm behind it');
      const reply = await c.say('i restarted php fpm and it works now');
      expect(reply.text).not.toMatch(/you're welcome/i);
      expect(reply.text).toMatch(/comes back|again/i);
    }
  });
});

describe('a page shown by someone who has not said whose site it is', () => {
  it.each([
    ['school login page says 502 Bad Gateway openresty'],
    ['<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>'],
  ])('"%s" is explained without server steps, and the role is asked', async (text) => {
    const c = Conversation.start();
    const reply = await c.say(text);
    expect(reply.kind).toBe('answer');
    expect(reply.text).not.toMatch(/sudo|systemctl|Your \*\*nginx\*\*/);
    expect(actionIds(reply)).toContain('fact:role:visitor');
    const visitor = await c.press('fact:role:visitor');
    expect(visitor.text).not.toMatch(/sudo|systemctl/);
  });
});

describe('a try the person reports', () => {
  it('"i tried another browser" is not answered with "try another browser"', async () => {
    const c = Conversation.start();
    await c.say('netflix-like site, my streaming service shows 502 Bad Gateway on the login screen');
    const reply = await c.say('i tried another browser');
    expect(reply.text).not.toMatch(/another browser\.\*\*/);
    expect(reply.text).toMatch(/network|VPN|status page/i);
  });
});

describe('"where do I change it?" after an answer', () => {
  it('says where the stack is configured, instead of declining it as off topic', async () => {
    const c = Conversation.start();
    await c.say('our wordpress vps: nginx logs connect() to unix:/run/php/php8.3-fpm.sock failed (2: No such file or directory)');
    const reply = await c.say('where do i change it?');
    expect(reply.text).toMatch(/Where nginx is configured/);
    expect(reply.text).toMatch(/pool\.d\/www\.conf/);
    expect(reply.text).not.toMatch(/only know about gateway errors/);
  });

  it('behind Cloudflare after a server move, points at the DNS records in its dashboard', async () => {
    const c = Conversation.start();
    await c.say('my site behind cloudflare shows error 522 since we moved it to a new server IP');
    expect((await c.say('where do I change it')).text).toMatch(/Cloudflare dashboard: \*\*DNS → Records\*\*/);
  });
});

describe('a terse stack named in answer to a question', () => {
  it('"nginx and node" names both, and the steps are for Node.js, not PHP-FPM', async () => {
    const c = Conversation.start();
    await c.say('getting 502 on my site');
    await c.say('its mine');
    const reply = await c.say('nginx and node');
    expect(reply.diagnosis).toMatchObject({ vendor: 'nginx', upstream: 'node' });
    expect(reply.text).toMatch(/pm2 status/);
    expect(reply.text).not.toMatch(/php8\.\d-fpm/);
  });
});
