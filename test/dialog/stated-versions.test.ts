import { describe, expect, it } from 'vitest';
import { Conversation } from '../helpers/conversation.js';

/** The PHP version the person names is the one every path, service and socket in the answers uses. */

const OTHER_VERSION = (version: string) => new RegExp(`php-?(?:fpm)?(?!${version.replace('.', '\\.')})\\d\\.\\d|php8\\.x|/etc/php/8\\.x`);

describe('the PHP version the person named', () => {
  it('after "upgraded to php 8.3", the steps, the log and the restart name php8.3', async () => {
    const c = Conversation.start();
    const first = await c.say('my laravel site on nginx gives 502 bad gateway after I upgraded to php 8.3');
    expect(first.text).toMatch(/php8\.3-fpm/);
    expect(first.text).not.toMatch(OTHER_VERSION('8.3'));
    for (const question of ['where are the logs?', 'how do I restart it?']) {
      const reply = await c.say(question);
      expect(reply.text).toMatch(/php8\.3-fpm/);
      expect(reply.text).not.toMatch(OTHER_VERSION('8.3'));
    }
  });

  it('"from 8.2 to 8.3" means 8.3, and a socket question gets 8.3\'s socket', async () => {
    const c = Conversation.start();
    await c.say('upgraded php from 8.2 to 8.3 on debian and now nginx 502');
    const reply = await c.say('what socket path should I use');
    expect(reply.text).toMatch(/php8\.3-fpm|php-fpm8\.3/);
    // The socket path is the pool's own, named where it is set, not how to check the service.
    expect(reply.text).toMatch(/`listen =` \(in \/etc\/php\/8\.3\/fpm\/pool\.d\/www\.conf\)/);
    expect(reply.text).not.toMatch(OTHER_VERSION('8.3'));
  });

  it('a pasted log line keeps its own version, word for word', async () => {
    const c = Conversation.start();
    const reply = await c.say('after upgrading to php 8.3 nginx says: connect() to unix:/run/php/php8.1-fpm.sock failed (2: No such file or directory) while connecting to upstream');
    expect(reply.text).toContain('php8.1-fpm.sock');
  });

  it('without a version named, the answers keep the general form', async () => {
    const c = Conversation.start();
    await c.say('nginx 502 bad gateway on my ubuntu vps, php-fpm behind it');
    expect((await c.say('how do I restart php-fpm?')).text).toMatch(/php8\.x-fpm/);
  });
});
