import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply/model.js';
import { actionIds, Conversation, proberWithDns } from '../helpers/conversation.js';

/**
 * Conversations as visitors and site owners hold them (typos, pasted pages and logs, terse answers),
 * one group per defect class of issue 13. Every turn also keeps the promises `Conversation`
 * checks: never empty, never the previous reply again, never a question already answered.
 */

const asksRole = (reply: Reply) => actionIds(reply).some((id) => id.startsWith('fact:role:')) || /your own site, or a site you are visiting/i.test(reply.text);
const asksAnything = (reply: Reply) => reply.actions.some((a) => a.role === 'choice');
const SHELL_ONLY = /\b(?:sudo|systemctl|journalctl|service nginx|apt(?:-get)? install)\b/;
/** Where the line that names each word starts: a's words come before b's. */
const before = (text: string, a: RegExp, b: RegExp) => {
  const [first, second] = [text.search(a), text.search(b)];
  return first !== -1 && (second === -1 || first < second);
};

describe('1. it never asks what it was just told', () => {
  it.each([
    ['my blog on nginx shows 502', 'owner'],
    ['502 on my own site, nginx page', 'owner'],
    ['our api returns 502 since the deploy', 'owner'],
    ['cloudflare gives 502 on a website of ours every hour or so', 'owner'],
    ['bad gateway on one of our shops since the update', 'owner'],
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

  it('never asks which server answers in front of an app on a platform or in a function', async () => {
    for (const text of ['API Gateway REST api + lambda proxy integration returns 502 on my api', 'my vercel function answers 502 since this morning']) {
      const reply = await Conversation.start().say(text);
      expect(actionIds(reply).some((id) => id.startsWith('fact:vendor:')), text).toBe(false);
    }
  });

  it('never asks what runs behind the gateway of a "node express api"', async () => {
    const reply = await Conversation.start().say('our node express api sits behind an AWS ALB and throws random 502s');
    expect(reply.diagnosis.upstream).toBe('node');
    expect(actionIds(reply).some((id) => id.startsWith('fact:upstream:'))).toBe(false);
  });

  it('never asks the role after an answer written for a visitor', async () => {
    const c = Conversation.start();
    await c.say('is it my wifi? a site gives me 502');
    for (const text of ['what does it mean exactly?', 'the site is still down', 'ok and how long usually?']) expect(asksRole(await c.say(text))).toBe(false);
  });

  it('a question about a file after an answer is no request for a person', async () => {
    const c = Conversation.start();
    await c.say('our wp site on bluehost shows 502');
    const reply = await c.say('where is wp-config');
    expect(reply.kind).not.toBe('handoff');
    expect((await c.say('ok can i talk to a real person')).kind).toBe('handoff');
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

describe('2b. a site that fails is in scope, a product named in passing is not', () => {
  it.each([['our webshop is offline'], ['my site doesnt load anymore'], ['the online store I run went down']])(
    '"%s" gets the owner\'s steps, not "I only know about gateway errors"',
    async (text) => {
      const reply = await Conversation.start().say(text);
      expect(reply.kind).toBe('answer');
      expect(reply.diagnosis.intent).toBe('owner_fix');
      expect(reply.text).toMatch(/\*\*Steps\*\*/);
      expect(reply.text).not.toMatch(/only know about gateway errors/);
    },
  );

  it('a question about fonts on a Joomla site is declined although it names a product', async () => {
    const reply = await Conversation.start().say('the fonts on my joomla site look wrong in safari');
    expect(reply.text).toMatch(/only know about gateway errors/);
  });
});

describe('3. it checks only the site the person asks about', () => {
  const CLOUDFLARE_PAGE = [
    'my site is down, this is what it shows:',
    'Bad gateway Error code 502',
    'Visit cloudflare.com for more information.',
    'You', 'Browser', 'Working', 'Frankfurt', 'Cloudflare', 'Working', 'blog.example.org', 'Host', 'Error',
  ].join('\n');

  it('checks the host named on the Cloudflare page, not cloudflare.com', async () => {
    const { prober, asked } = proberWithDns('ENOTFOUND');
    await Conversation.start({ prober }).say(CLOUDFLARE_PAGE);
    expect(new Set(asked)).toEqual(new Set(['blog.example.org']));
  });

  it("checks a log line's host, never its loopback upstream", async () => {
    const { prober, asked } = proberWithDns('ENOTFOUND');
    const log = '2024/03/02 08:14:55 [error] 812#812: *31 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.7, server: shop.example.com, request: "GET /cart HTTP/1.1", upstream: "http://127.0.0.1:3000/cart", host: "shop.example.com"';
    await Conversation.start({ prober }).say(`is my shop down for everyone? nginx says\n${log}`);
    expect(new Set(asked)).toEqual(new Set(['shop.example.com']));
  });

  it('probes nothing from a product name, a file path or a router rule', async () => {
    const { prober, asked } = proberWithDns('ENOTFOUND');
    const c = Conversation.start({ prober });
    await c.say('my ASP.NET Core app gives 502 behind nginx, config is in /etc/nginx/sites-available/app.example.org');
    await c.say('the traefik label is traefik.http.routers.web.rule=Host(`app.example.org`) and it still says Bad Gateway');
    expect(asked).toEqual([]);
  });

  it('asks which address to check when two are named, with a button for each, and checks the one picked', async () => {
    const { prober, asked } = proberWithDns('ENOTFOUND');
    const c = Conversation.start({ prober });
    const reply = await c.say('can you check whether shop.example.com or status.example.net is down?');
    expect(asked).toEqual([]);
    expect(reply.text).toMatch(/Which address should I check\?/);
    expect(actionIds(reply).filter((id) => id.startsWith('probe:'))).toEqual(['probe:0', 'probe:1', 'probe:none']);
    await c.say('the second one');
    expect(new Set(asked)).toEqual(new Set(['status.example.net']));
  });

  it('checks an address the person types after being asked for one', async () => {
    const { prober, asked } = proberWithDns('ENOTFOUND');
    const c = Conversation.start({ prober });
    await c.say('is the site down for everyone or just me?');
    expect(asked).toEqual([]);
    await c.say('its www.example.org');
    expect(new Set(asked)).toEqual(new Set(['www.example.org']));
  });
});

describe('4. it claims only the outages it can know', () => {
  it('does not tell someone whose page only "won\'t load" that their connection worked', async () => {
    const reply = await Conversation.start().say('the video site wont load for me tonight');
    expect(reply.text).not.toMatch(/So your connection worked/);
    expect(reply.text).toMatch(/never loads at all|can't be reached/);
  });

  it('says its own lookup failed, and never "down for everyone", while the person sees a 502 from the site', async () => {
    const { prober } = proberWithDns('ETIMEOUT');
    const reply = await Conversation.start({ prober }).say('is shop.example.com down for everyone? it shows 502 Bad Gateway');
    expect(reply.probe).toMatchObject({ dns: 'resolver_failure' });
    expect(reply.text).toMatch(/could not reach it from here|can't confirm/i);
    expect(reply.text).toMatch(/error page it sent you/);
    expect(reply.text).not.toMatch(/down for everyone, not just you/i);
  });

  it('says a name does not exist when DNS says so, and what that means for a visitor', async () => {
    const { prober } = proberWithDns('ENOTFOUND');
    const reply = await Conversation.start({ prober }).say('is shop.example.com down right now?');
    expect(reply.probe).toMatchObject({ dns: 'nxdomain' });
    expect(reply.text).toMatch(/does not exist/);
    expect(reply.text).toMatch(/typo/);
    expect(reply.text).not.toMatch(/down for everyone, not just you/i);
  });

  it('tells an owner whose own page shows the error to go by the server log, not the failed check', async () => {
    const { prober } = proberWithDns('ESERVFAIL');
    const reply = await Conversation.start({ prober }).say('my site https://blog.example.org shows 502 Bad Gateway nginx, is it down?');
    expect(reply.text).toMatch(/Go by its error log, not by my check/);
    expect(reply.text).not.toMatch(/down for everyone/i);
  });
});

describe('4b. an owner whose requests reach their own server is not sent to check DNS', () => {
  it('an owner who sees the 502 at their own address gets the fix, not the DNS branch of a failed check', async () => {
    const { prober } = proberWithDns('ENOTFOUND');
    const c = Conversation.start({ prober });
    const reply = await c.say('my own site shop.example.com shows 502 bad gateway since this morning');
    expect(reply.probe).toMatchObject({ dns: 'nxdomain' });
    expect(reply.text).toMatch(/Go by its error log, not by my check/);
    expect(reply.diagnosis.intent).toBe('owner_fix');
    expect(reply.text).not.toMatch(/\bdig\b|DNS records/);
    expect(reply.text).not.toMatch(/your connection worked/i);
  });
});

describe('4c. "is it DNS?" once the person has shown the gateway\'s own error', () => {
  it('an owner whose access log shows the 502s hears that the domain resolves, and which lookup can still fail', async () => {
    const c = Conversation.start();
    await c.say('our nginx site returns 502, access log: 198.51.100.23 - - [07/Dec/2026:08:14:02 +0000] "GET /checkout HTTP/1.1" 502 559 "-" "Mozilla/5.0"');
    const reply = await c.say('could it be dns?');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/^Not your domain's DNS/);
    expect(reply.text).not.toMatch(/\bdig\b|DNS records|nameservers/i);
  });

  it('an owner behind Cloudflare is not told DNS is ruled out: their records steer Cloudflare to the origin', async () => {
    const c = Conversation.start();
    await c.say('my site behind cloudflare shows 502 bad gateway with the host in error');
    expect((await c.say('could it be dns?')).text).not.toMatch(/^Not your domain's DNS/);
  });

  it('a visitor who sees the 502 page hears it is not their DNS, with no server steps', async () => {
    const c = Conversation.start();
    await c.say("i'm just a customer, the shop i use shows 502 bad gateway");
    const reply = await c.say('is it a dns thing');
    expect(reply.text).toMatch(/^Not DNS/);
    expect(reply.text).not.toMatch(SHELL_ONLY);
  });
});

describe("5. many sites failing on one network is the person's own network", () => {
  it.each([
    ["every website gives me 502 at work, on my phone it's fine"],
    ['all sites show bad gateway since i installed a vpn on my laptop'],
  ])('"%s" points at the proxy, VPN or filter on that side', async (text) => {
    const reply = await Conversation.start().say(text);
    expect(reply.diagnosis.article).toBe('visitor-own-network');
    expect(reply.text).toMatch(/proxy|VPN|antivirus/);
    expect(reply.text).not.toMatch(/only the people who run it can fix it|for the site to fix/i);
  });
});

describe('1b. it never tells a visitor to try what they said they tried', () => {
  it('"works on my phone on 4g" after a 502 on one site: the own-network advice, without the phone test', async () => {
    const c = Conversation.start();
    await c.say('is it only me? the forum i read shows 502 bad gateway');
    const reply = await c.say('loads fine on my phone over 4g though');
    expect(reply.diagnosis.article).toBe('visitor-own-network');
    expect(reply.text).toMatch(/VPN/);
    expect(reply.text).not.toMatch(/on your phone with wifi off/);
  });

  it('"already cleared the cache and tried another browser": neither step again, the others stay', async () => {
    const reply = await Conversation.start().say('my bank website shows 502 bad gateway. I already cleared the cache, and tried another browser too');
    const tries = reply.text.split('\n').filter((line) => line.startsWith('- '));
    expect(tries.length).toBeGreaterThanOrEqual(2);
    expect(tries.join('\n')).not.toMatch(/Clear the cache|another browser\./);
    expect(tries.join('\n')).toMatch(/Pay|status page/);
  });
});

describe('6. steps that run on the platform', () => {
  it.each([
    ['Heroku', 'heroku router says code=H12 desc="Request timeout" on my app', /cannot be raised/, true],
    ['Azure App Service', 'our Azure App Service web app returns 502 after the last publish', /az webapp|Kudu|Diagnose and solve/, true],
    ['Vercel', 'my vercel deployment answers 502 NO_RESPONSE_FROM_FUNCTION', /return one|await every promise/, true],
    ['Netlify', 'a netlify function on my site returns 502', /Netlify dashboard|Functions/, true],
    ['IIS', 'HTTP Error 502.5 - ANCM Out-Of-Process Startup Failure on our windows server', /Hosting Bundle/, true],
    ['Kubernetes', 'ingress-nginx gives 502 for my kubernetes service although the pods run', /targetPort|kubectl get endpoints/, true],
    ['Docker and Traefik', 'traefik in docker compose answers Bad Gateway, its log: dial tcp 172.20.0.5:8080: i/o timeout', /traefik\.docker\.network/, false],
    ['AWS ALB', 'random 502s from our ALB, access log shows target_processing_time -1, node app on ec2', /keepAliveTimeout/, false],
    ['AWS Lambda', 'API Gateway with a lambda function returns 502, log says Malformed Lambda proxy response', /statusCode/, true],
    ['Cloudflare 524', 'cloudflare shows error 524 a timeout occurred on my long export page', /Enterprise/, false],
  ])('%s: the steps for that platform', async (_platform, text, step, noShell) => {
    const reply = await Conversation.start().say(text);
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(step);
    if (noShell) expect(reply.text).not.toMatch(SHELL_ONLY);
  });
});

describe('steps that fit the stack named', () => {
  it.each([
    ['nginx', 'my nginx container gives 502 to my app container in docker compose'],
    ['Caddy', 'caddy container returns 502 when proxying to the backend container'],
  ])('containers in Compose behind %s get the hop between containers, not the proxy\'s generic page', async (_proxy, text) => {
    const reply = await Conversation.start().say(text);
    expect(reply.diagnosis.article).toBe('platform-docker');
    expect(reply.text).toMatch(/docker compose ps|docker network inspect|docker exec/);
  });

  it('pods behind an ingress, or a cause already shown, keep their own article in a container setup', async () => {
    expect((await Conversation.start().say('kubernetes ingress nginx answers 502 for my pods')).diagnosis.article).not.toBe('platform-docker');
    const big = await Conversation.start().say('nginx container 502, error log: upstream sent too big header while reading response header from upstream');
    expect(big.diagnosis.article).toBe('cause-header_too_big');
  });

  it.each([
    ['Puma behind nginx', 'my rails app on puma behind nginx gives 502 bad gateway', /php-?\d?\.?\d?-?fpm|fastcgi_pass/i],
    ['Caddy', 'caddy gives 502 for my node app, reverse_proxy localhost:3000', /proxy_pass|nginx -t/],
    ['shared hosting', 'my wordpress on shared hosting (cpanel) shows 502 bad gateway', /\b(?:sudo|systemctl|pm\.max_children)\b/],
  ])('%s: no step written for another stack', async (_stack, text, foreign) => {
    const reply = await Conversation.start().say(text);
    expect(reply.text).toMatch(/^1\. /m);
    expect(reply.text).not.toMatch(foreign);
  });
});

describe('a conversation under way reads short messages in its context', () => {
  it('"where is that log?" after an answer names the logs of the stack, and is no request for a person', async () => {
    const c = Conversation.start();
    await c.say('gunicorn [CRITICAL] WORKER TIMEOUT (pid:4411) behind nginx on my vps');
    const reply = await c.say('where is that log?');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/\/var\/log\/nginx\/error\.log/);
    expect(reply.text).toMatch(/journalctl -u gunicorn/);
  });

  it.each([
    ['a login to a bank', 'the banking app shows 502 bad gateway as soon as i sign in'],
    ['a homework upload', 'my school portal shows 502 bad gateway every time i upload my homework, what can i do'],
  ])('advice for one situation stays out of an answer about another: no payment step for %s', async (_situation, text) => {
    const reply = await Conversation.start().say(text);
    const tries = reply.text.split('\n').filter((line) => line.startsWith('- '));
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries.join('\n')).not.toMatch(/Pay/);
  });

  it.each([['a shop says 502 bad gateway every time i try to checkout'], ['502 on the airline site when i try to book my flight']])(
    'a visitor who was paying or booking is told not to pay again: "%s"',
    async (text) => {
      const reply = await Conversation.start().say(text);
      const tries = reply.text.split('\n').filter((line) => line.startsWith('- '));
      expect(tries.join('\n')).toMatch(/Do not just press "Pay" again/);
    },
  );

  it('"it says inactive (dead)" after the steps: the app behind the gateway is stopped, and how to start it, not the steps again', async () => {
    const c = Conversation.start();
    const first = await c.say('my wordpress on nginx gives 502 bad gateway since i upgraded php');
    const reply = await c.say('checked php-fpm, it says inactive (dead)');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/PHP-FPM is not running/);
    expect(reply.text).toMatch(/systemctl restart php8\.x-fpm/);
    expect(reply.text).not.toMatch(/\*\*Steps/);
    expect(first.text).toMatch(/\*\*Steps/);
  });

  it('a stopped app on a platform without a shell gets no systemctl', async () => {
    const c = Conversation.start();
    await c.say('my wordpress on shared hosting (cpanel) shows 502 bad gateway');
    const reply = await c.say('support says php-fpm is stopped');
    expect(reply.text).not.toMatch(SHELL_ONLY);
  });

  it('a payment worry in the first message puts the payment advice first', async () => {
    const reply = await Conversation.start().say('got a 502 bad gateway at checkout while paying, will my card be charged twice if i try again?');
    const first = reply.text.split('\n').find((line) => line.startsWith('- '));
    expect(first).toMatch(/pay/i);
  });

  it('"ok so what do i do" gets what to try on the same topic; a remark that changes nothing is not "not understood"', async () => {
    const c = Conversation.start();
    await c.say('bad gatway only when my vpn is on');
    const remark = await c.say('its nordvpn');
    expect(remark.text).not.toMatch(/didn't quite get that|rephrase/i);
    const tries = await c.say('ok so what do i do');
    expect(tries.diagnosis.article).toBe('visitor-own-network');
    expect(tries.text).toMatch(/What you can try/);
  });
});

describe('8. the change the person names leads the answer', () => {
  it.each([
    ['a firewall, behind Cloudflare', 'my site behind cloudflare shows a 502 since i enabled ufw on the server', /firewall change: start there\. Cloudflare reaches your server/],
    ['a PHP upgrade, with PHP-FPM', 'wordpress on nginx gives 502 bad gateway since i upgraded php to 8.3', /php8\.3-fpm\.sock/],
    ['a deploy, on Heroku', 'my heroku app shows 502 errors since the deploy this morning', /heroku rollback/],
    ['a rollout, on Kubernetes', 'our kubernetes ingress returns 502 since the new deploy', /kubectl rollout undo/],
  ])('%s: the fix for that change comes before the general steps', async (_case, text, lead) => {
    const reply = await Conversation.start().say(text);
    expect(reply.text).toMatch(lead);
    expect(before(reply.text, lead, /^1\. /m)).toBe(true);
  });

  it('asks what changed with its own buttons, and leads with it once told', async () => {
    const c = Conversation.start();
    let reply = await c.say('502 bad gateway on my own nginx site');
    for (let turn = 0; turn < 4 && !actionIds(reply).some((id) => id.startsWith('fact:change:')); turn++) {
      const choice = reply.actions.find((a) => a.role === 'choice' && a.id.startsWith('fact:'));
      if (!choice) break;
      reply = await c.press(choice.id.replace(/:[^:]+$/, ':unknown'));
    }
    expect(actionIds(reply)).toContain('fact:change:firewall');
    reply = await c.press('fact:change:firewall');
    expect(reply.text).toMatch(/You said it began with a firewall change/);
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

  it('a detail that points at one step ("I hardcoded port 5000") gets that step for the stack', async () => {
    const c = Conversation.start();
    const first = await c.say('my node app on heroku crashes with H10 app crashed, 502');
    const reply = await c.say('i hardcoded port 5000 in app.listen');
    expect(reply.text).toMatch(/process\.env\.PORT/);
    expect(reply.text.length).toBeLessThan(first.text.length);
  });

  it('"how do I fix that in my express app?" after Heroku steps leads with Node steps that run on Heroku', async () => {
    const c = Conversation.start();
    const first = await c.say('our dyno answers 502 again, router says at=error code=H13 desc="Connection closed without response"');
    expect(first.text).toMatch(/Steps for Heroku/);
    const reply = await c.say('ok but how do i fix it in the express app itself?');
    expect(reply.text).toMatch(/Steps for Node\.js[\s\S]*unhandled promise rejection/);
    expect(reply.text).not.toMatch(/Steps for Heroku|pm2|systemctl/);
  });

  it.each([
    ['the platform command on Heroku', 'dyno keeps crashing, router log at=error code=H10 desc="App crashed"', 'how can i restart it?', /heroku ps:restart/, /systemctl|pm2/],
    ['a reload after a config check for nginx', 'nginx/1.24 says 502 bad gateway on my vps', 'and how do I restart nginx', /nginx -t && sudo systemctl reload nginx/, /heroku/],
    ['the application pool under IIS', 'IIS shows HTTP Error 502.5 - ANCM Out-Of-Process Startup Failure for my asp.net core site', 'how to restart it', /application pool/, /systemctl|sudo/],
  ])('"how do I restart it?" gets %s', async (_, first, question, expected, wrong) => {
    const c = Conversation.start();
    await c.say(first);
    const reply = await c.say(question);
    expect(reply.text).toMatch(expected);
    expect(reply.text).not.toMatch(wrong);
  });

  it('"how do i see the logs" on Vercel names Vercel\'s log view; "how do i check apache logs" names Apache\'s first', async () => {
    const vercel = Conversation.start();
    await vercel.say('our vercel deployment shows 502: BAD_GATEWAY Code: FUNCTION_INVOCATION_FAILED');
    expect((await vercel.say('ok how can i see the logs')).text).toMatch(/^For Vercel, look at the Vercel dashboard/);
    const apache = Conversation.start();
    await apache.say('cloudflare shows bad gateway with the host in error, my origin is apache');
    expect((await apache.say('how do i check apache logs?')).text).toMatch(/^For Apache httpd, look at \/var\/log\/apache2\/error\.log/);
  });

  it('"what about the logs" after IIS steps names where IIS logs', async () => {
    const c = Conversation.start();
    await c.say('IIS gives 502.3 bad gateway for our asp.net core app');
    const reply = await c.say('what about the logs');
    expect(reply.text).toMatch(/inetpub\\logs|Event Viewer/);
  });

  it('on shared hosting, "how do i restart it" and "where is the error log?" get the control panel, never systemctl', async () => {
    const c = Conversation.start();
    await c.say('our wordpress on bluehost shared hosting gives 502');
    const restart = await c.say('how do i restart it');
    expect(restart.text).toMatch(/host/);
    expect(restart.text).not.toMatch(SHELL_ONLY);
    const logs = await c.say('where is the error log?');
    expect(logs.text).toMatch(/cPanel|Metrics → Errors/);
    expect(logs.text).not.toMatch(/Tell me what runs your site|\/var\/log/);
  });

  it('"where do I set that?" right after a request for a log line asks about a setting, not the log', async () => {
    const c = Conversation.start();
    await c.say('AWS ALB returns 502 from awselb/2.0 now and then');
    const reply = await c.say('keep-alive timeout you say? where do i set that');
    expect(reply.text).not.toMatch(/^For AWS Elastic Load Balancing \(ALB\), look at/);
  });

  it('"what does that mean?" after an answer explains it in plain words, not one step of it', async () => {
    const c = Conversation.start();
    await c.say('kubernetes ingress says 502, log has connect() failed (111: Connection refused) while connecting to upstream');
    const reply = await c.say('sorry, what does that mean?');
    expect(reply.text).toMatch(/no program listens/);
    expect(reply.text).not.toMatch(/^For |kubectl/);
  });

  it('"where is that file?" after nginx steps names where nginx is configured', async () => {
    const c = Conversation.start();
    await c.say('nginx error log: upstream sent too big header while reading response header from upstream, upstream: "http://127.0.0.1:8000/login"');
    const reply = await c.say('ok where is that config file?');
    expect(reply.text).toMatch(/sites-enabled|nginx -T/);
  });

  it('"how do i fix it" asks for the fix of the conversation\'s topic, never "outside what I can help with"', async () => {
    const c = Conversation.start();
    await c.say('what does bad gateway mean');
    const reply = await c.say('ok so how do i fix it?');
    expect(reply.diagnosis.intent).toMatch(/_fix$/);
    expect(reply.text).not.toMatch(/only know about gateway errors|outside what I can help/);
    const alone = await Conversation.start().say('how do i fix it');
    expect(alone.text).not.toMatch(/only know about gateway errors|outside what I can help/);
  });

  it('"I\'m not the owner, I just use it" turns the answer to a visitor\'s, and asks for no person', async () => {
    const c = Conversation.start();
    await c.say('upstream connect error or disconnect/reset before headers. reset reason: connection failure');
    const reply = await c.say("i'm not the owner, i just use this app");
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/What you can try/);
    expect(reply.text).not.toMatch(/kubectl/);
  });

  it('a remark that changes nothing gets no second copy of the same steps', async () => {
    const c = Conversation.start();
    const first = await c.say('our company site sits behind cloudflare and its origin gives 502 a few times a day');
    expect(first.text).toMatch(/\*\*Steps\*\*/);
    const again = await c.say('alright, it is our own box');
    expect(again.diagnosis.article).toBe(first.diagnosis.article);
    expect(again.text).not.toMatch(/\*\*Steps\*\*/);
    expect(again.text).toMatch(/still my best explanation|changes my answer above/);
  });

  it('"I\'m the admin" after an answer states a role, and is not read as a pointer to a step about admin pages', async () => {
    const c = Conversation.start();
    await c.say('cloudflare bad gateway on a site of ours, roughly every hour');
    const reply = await c.say("i'm the admin");
    expect(reply.text).not.toMatch(/admin or API endpoints/i);
  });

  it('a question that reads as off-topic is answered from the article just given when it speaks to it, else declined', async () => {
    const c = Conversation.start();
    await c.say('heroku router: at=error code=H12 desc="Request timeout" on my express app');
    const related = await c.say('how do i speed up the slow database queries?');
    expect(related.text).not.toMatch(/only know about gateway errors/);
    expect(related.text).toMatch(/database/i);
    const unrelated = await c.say('can you write me a poem');
    expect(unrelated.text).toMatch(/only know about gateway errors/);
  });

  it('"how do I change the health check?" after an ALB answer says where and how', async () => {
    const c = Conversation.start();
    await c.say('our application load balancer gives 502, the targets show unhealthy, java app on port 8080');
    const reply = await c.say('how do i change the health check?');
    expect(reply.text).toMatch(/--health-check-path|Health checks tab/);
  });

  it('"how long will it take?" is answered with how long, first', async () => {
    const visitor = Conversation.start();
    await visitor.say('the ticket shop shows 502 bad gateway when i log in');
    expect((await visitor.say('how long will it take?')).text).toMatch(/^\*\*How long\?\*\* Usually seconds to a few minutes/);
    expect((await Conversation.start().say('how long does a bad gateway error usually last')).text).toMatch(/^Usually seconds to a few minutes/);
  });

  it('"what should keepAliveTimeout be?" about a step of the answer gets that setting, not a new article', async () => {
    const c = Conversation.start();
    const first = await c.say('node express api behind an AWS ALB, random 502s every few minutes and nothing in the app log');
    expect(first.text).toMatch(/keepAliveTimeout/);
    const reply = await c.say('what should keepAliveTimeout be?');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/keepAliveTimeout = \d+/);
    expect(reply.text).not.toMatch(/Steps|could not get a valid answer/);
    expect(reply.text.length).toBeLessThan(first.text.length / 2);
  });

  it('an owner who asks plainly about a visitor\'s step ("should I clear the cookies?") gets that step', async () => {
    const c = Conversation.start();
    await c.say('nginx answers 502 bad gateway on the blog I run');
    const reply = await c.say('should i clear my cookies?');
    expect(reply.text).toMatch(/cookies/i);
    expect(reply.text).not.toMatch(/draws a clear line/);
  });

  it('"restarted still 502" from an owner gets no advice written for visitors', async () => {
    const c = Conversation.start();
    await c.say('502 bad gatway on my site running php fpm nginx after the php upgrade');
    const reply = await c.say('restarted still 502');
    expect(reply.text).not.toMatch(/Visitors:|reload after|incognito/i);
    expect(reply.text).not.toMatch(/container|docker/i);
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

  it('quotes a long log line cut between words, never inside one', async () => {
    const log = '2024/05/01 10:00:00 [error] 9#9: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.1.1, server: shop.example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:8080/"';
    const reply = await Conversation.start().say(`my shop is down, nginx says\n${log}`);
    const quoted = [...reply.text.matchAll(/`…?([^`]+?)…?`/g)].map((m) => m[1] as string).filter((q) => log.includes(q));
    expect(quoted.length).toBeGreaterThan(0);
    for (const quote of quoted) {
      const at = log.indexOf(quote);
      expect(at === 0 || /[\s,;]/.test(log[at - 1] as string), `"${quote}" starts inside a word`).toBe(true);
      const after = log[at + quote.length];
      expect(after === undefined || /[\s,;]/.test(after), `"${quote}" ends inside a word`).toBe(true);
    }
  });

  it('puts the steps in the first reply, not behind "More"', async () => {
    const reply = await Conversation.start().say('my site shows 502 bad gateway');
    expect(reply.text).toMatch(/^1\. /m);
  });
});

describe('9. short replies are read against the question just asked', () => {
  it('"yes its my site" is no pointer to a step: no page the person never showed is explained', async () => {
    const c = Conversation.start();
    await c.say('cloudflare says 502 bad gateway for my domain');
    const reply = await c.say('yes its my site');
    expect(reply.text).not.toMatch(/\b520\b|This page isn't working/);
    expect(reply.diagnosis.vendor).toBe('cloudflare');
  });

  it('"ok" after an answer is acknowledged, and "so what now" gets the next steps, never updoc introducing itself again', async () => {
    const c = Conversation.start();
    await c.say('the shop gives me 502 on my phone, on wifi, is it me?');
    const ok = await c.say('ok');
    expect(ok.text).not.toMatch(/I'm updoc|I'm a bot/);
    expect(ok.text).toMatch(/^OK\b/);
    const next = await c.say('so what now');
    expect(next.diagnosis.intent).toBe('visitor_fix');
    expect(next.text).not.toMatch(/I'm updoc|I'm a bot/);
  });

  it.each([
    ['i restarted php-fpm and it works now'],
    ['ok that fixed it'],
    ['site is working again after the reboot'],
  ])('"%s" is heard as the end of the problem, not answered with a step', async (text) => {
    const c = Conversation.start();
    await c.say('my site gives 502 sometimes, nginx in front of php-fpm');
    const reply = await c.say(text);
    expect(reply.text).toMatch(/Glad|works again/);
    expect(reply.text).not.toMatch(/systemctl|Steps/);
  });

  it('"still not working" or a question about it is not heard as fixed', async () => {
    const c = Conversation.start();
    await c.say('my site gives 502 sometimes, nginx in front of php-fpm');
    expect((await c.say("restarted php-fpm but it's still not working")).text).not.toMatch(/Glad|welcome/);
    expect((await c.say('will it work again after a reboot?')).text).not.toMatch(/Glad|welcome/);
  });

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
