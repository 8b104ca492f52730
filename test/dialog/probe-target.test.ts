import { describe, expect, it } from 'vitest';
import { actionId, parseProbeAction } from '../../src/core/dialog/actions.js';
import { askProbeTarget, chooseProbeTarget, pickProbeTarget, type ProbeTarget } from '../../src/core/dialog/probe-target.js';
import { realDiagnoser } from '../helpers/conversation.js';

const diagnoser = realDiagnoser();

function choose(message: string, context: { knownUrl?: string; askedForCheck?: boolean } = {}): ProbeTarget {
  return chooseProbeTarget({ analysis: diagnoser.analyze(message), ...context });
}

const probe = (url: string): ProbeTarget => ({ kind: 'probe', url });
const ask = (...candidates: string[]): ProbeTarget => ({ kind: 'ask', candidates });
const none: ProbeTarget = { kind: 'none' };

const CLOUDFLARE_TEXT = `our checkout stopped working an hour ago, customers get this:

Bad gateway Error code 502
Visit cloudflare.com for more information.
2024-06-02 08:14:55 UTC
You
Browser
Working
Frankfurt
Cloudflare
Working
shop.example.com
Host
Error
What happened?
The web server reported a bad gateway error.
What can I do?
Please try again in a few minutes.
Cloudflare Ray ID: 8c1f2e3d4a5b6c7d • Your IP: Click to reveal • Performance & security by Cloudflare`;

const CLOUDFLARE_HTML = `what does this mean??
<!DOCTYPE html>
<html class="no-js" lang="en-US">
<head>
<title>blog.example.net | 502: Bad gateway</title>
<meta charset="UTF-8" />
</head>
<body>
<div id="cf-wrapper">
<h1><span class="inline-block">Bad gateway</span><span class="code-label">Error code 502</span></h1>
<div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_502&utm_campaign=blog.example.net" target="_blank">cloudflare.com</a> for more information.</div>
<div id="cf-host-status" class="cf-error-source relative w-1/3">
</div>
</body>
</html>`;

const NGINX_LOG_WITH_HOST = `getting 502s since the deploy, error.log says:
2024/06/02 09:41:07 [error] 2211#2211: *90412 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.23, server: shop.example.com, request: "GET /cart HTTP/2.0", upstream: "http://127.0.0.1:3000/cart", host: "shop.example.com"`;

const NGINX_LOG_UPSTREAM_ONLY = `why does nginx do this
2024/06/02 09:41:07 [error] 2211#2211: *90412 upstream prematurely closed connection while reading response header from upstream, client: 198.51.100.23, server: api.example.com, request: "POST /v1/orders HTTP/1.1", upstream: "http://10.0.3.7:8080/v1/orders"`;

const TRAEFIK_LABELS = `my traefik setup returns 502 bad gateway for the app container
\`\`\`
services:
  app:
    image: ghcr.io/acme/app:latest
    labels:
      - "traefik.enable=true"
      - "traefik.http.routers.app.rule=Host(\`app.example.com\`)"
      - "traefik.http.services.app.loadbalancer.server.port=3000"
\`\`\``;

const NGINX_CONFIG = `502 after moving the blog to a new VPS. config:
server {
    listen 80;
    server_name blog.example.org www.blog.example.org;
    location / {
        proxy_pass http://127.0.0.1:8000;
        proxy_set_header Host $host;
    }
}`;

describe('which site to check: the one the person asks about', () => {
  it.each([
    ['a URL typed in a question', 'is https://status.example.io down for everyone or just me?', probe('https://status.example.io')],
    ['a bare host typed in a sentence', 'shop.example.org keeps giving me 502 bad gateway', probe('https://shop.example.org')],
    ['a bare host with a path', 'example.com/checkout gives a 502 every time I pay', probe('https://example.com/checkout')],
    ['a URL in a filled-in field', '**Site**: https://tickets.example.com\n**What happens**: 502 on every page', probe('https://tickets.example.com')],
    ['a typed URL that the pasted page also names', `https://shop.example.com/checkout shows this:\n${CLOUDFLARE_TEXT}`, probe('https://shop.example.com/checkout')],
  ])('%s', (_what, message, expected) => {
    expect(choose(message)).toEqual(expected);
  });

  it.each([
    ["a Cloudflare page copied as text: the Host tile, not cloudflare.com", CLOUDFLARE_TEXT, probe('https://shop.example.com')],
    [
      'the same page run together on one line',
      'Bad gateway Error code 502 Visit cloudflare.com for more information. You Browser Working Amsterdam Cloudflare Working app.example.org Host Error',
      probe('https://app.example.org'),
    ],
    [
      "a site typed on a line that is mostly the page's wording",
      'my site shop.example.com shows: Bad gateway Error code 502 Visit cloudflare.com for more information',
      probe('https://shop.example.com'),
    ],
    ["a Cloudflare page's HTML: the host in its title", CLOUDFLARE_HTML, probe('https://blog.example.net')],
    ['a Cloudflare 522 page named in its title', 'what is this\napi.example.io | 522: Connection timed out\nThe initial connection between Cloudflare\'s network and the origin web server timed out.', probe('https://api.example.io')],
    ["an nginx log line's host, never its upstream", NGINX_LOG_WITH_HOST, probe('https://shop.example.com')],
    [
      "a pasted request's Host header",
      'my api says this, what is broken?\n> GET /v2/items HTTP/1.1\n> Host: api.example.dev\n> User-Agent: curl/8.5.0\n< HTTP/1.1 502 Bad Gateway\n< Server: nginx/1.24.0',
      probe('https://api.example.dev'),
    ],
  ])('%s', (_what, message, expected) => {
    expect(choose(message)).toEqual(expected);
  });
});

describe('what is never checked', () => {
  it.each([
    ['an error page with no host on it', 'my site shows this\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.18.0</center>\n</body>\n</html>'],
    ["a log line's upstream and server fields", NGINX_LOG_UPSTREAM_ONLY],
    ["a log line whose host is local", '2024/06/02 09:41:07 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: _, request: "GET / HTTP/1.1", upstream: "http://172.18.0.5:5000/", host: "localhost:8080"'],
    ['a Traefik rule in pasted labels', TRAEFIK_LABELS],
    ['an nginx config', NGINX_CONFIG],
    ['a file path named after the site', 'I edited /etc/nginx/sites-available/blog.example.org and since then every page is a 502'],
    ['a Windows path', 'the web.config in C:\\inetpub\\sites\\portal.example.com was changed and IIS gives 502.5'],
    ['ASP.NET Core', 'My ASP.NET Core app on IIS shows HTTP Error 502.5 - Process Failure'],
    ['asp.net written in lower case', 'asp.net core behind nginx on ubuntu gives 502 after publish'],
    ['Socket.IO', 'Socket.IO connections get 502 through nginx but normal pages work'],
    ['Node.js, Vue.js and next.js', 'Node.js api with a Vue.js front end and a next.js admin, all 502 behind nginx'],
    ['a Java package name', 'java.io.IOException: Broken pipe in catalina.out and the ALB shows 502'],
    ['an e-mail address', 'I already wrote to support@example.com but the site still says 502 bad gateway'],
    ['an access log line with a referrer', '203.0.113.9 - - [02/Jun/2024:10:00:01 +0000] "GET /api/cart HTTP/1.1" 502 166 "https://shop.example.com/cart" "Mozilla/5.0"'],
    ['a pasted curl command', 'why does my api return 502?\n$ curl -sI https://api.example.com/health\nHTTP/1.1 502 Bad Gateway\nServer: nginx'],
    ['a container image and a git remote', 'ran docker pull ghcr.io/acme/shop:2.1 and git clone https://git.example.com/acme/shop.git, now it all 502s'],
    ['an internal field in a filled-in form', 'Upstream: http://10.0.0.12:8080\nGetting 502 from the load balancer all day'],
  ])('%s', (_what, message) => {
    expect(choose(message)).toEqual(none);
  });
});

describe('when it is not clear, it asks', () => {
  it('asks which of several typed addresses', () => {
    expect(choose('is example.com down? and www.example.org also gives 502 since this morning')).toEqual(ask('https://example.com', 'https://www.example.org'));
  });

  it('asks when the typed address and the pasted page name different sites', () => {
    expect(choose(`https://www.example.com is fine but the shop shows this:\n${CLOUDFLARE_TEXT}`)).toEqual(ask('https://www.example.com', 'https://shop.example.com'));
  });

  it('counts www. and the bare name as one site', () => {
    expect(choose('www.example.com gives 502, and so does example.com')).toEqual(probe('https://www.example.com'));
  });

  it('offers the public sites of pasted material only when a check was asked for, never a local address', () => {
    expect(choose(NGINX_CONFIG, { askedForCheck: true })).toEqual(ask('https://blog.example.org'));
    expect(choose(TRAEFIK_LABELS, { askedForCheck: true })).toEqual(ask('https://app.example.com'));
    expect(choose(`can you check my site? ${TRAEFIK_LABELS}`).kind).toBe('ask');
    expect(choose('please check this one\n$ curl -sI https://api.example.com/health')).toEqual(ask('https://api.example.com/health'));
  });

  it('reads a name inside a config construct typed in a sentence as unsure', () => {
    const message = 'my label is traefik.http.routers.web.rule=Host(`web.example.com`) and it 502s';
    expect(choose(message)).toEqual(none);
    expect(choose(message, { askedForCheck: true })).toEqual(ask('https://web.example.com'));
  });

  it('checks the site named before when asked again and nothing new is named', () => {
    expect(choose('can you check it again now?', { knownUrl: 'shop.example.com' })).toEqual(probe('https://shop.example.com'));
    expect(choose('what does a 502 mean?', { knownUrl: 'shop.example.com' })).toEqual(none);
    expect(choose('and now https://api.example.com please', { knownUrl: 'shop.example.com' })).toEqual(probe('https://api.example.com'));
  });

  it('checks a local address only when the person typed it and named no public site', () => {
    expect(choose('http://localhost:3000 works but through nginx I get 502')).toEqual(probe('http://localhost:3000'));
    expect(choose('http://localhost:3000 works, but https://shop.example.com gives 502')).toEqual(probe('https://shop.example.com'));
  });

  it('offers at most four addresses', () => {
    const target = choose('a.example.com, b.example.com, c.example.com, d.example.com and e.example.com all give 502');
    expect(target).toEqual(ask('https://a.example.com', 'https://b.example.com', 'https://c.example.com', 'https://d.example.com'));
  });
});

describe('the question and its buttons', () => {
  const kb = diagnoser.kb;

  it('asks in the words of knowledge/dialog.yaml, one button per address and one to skip', () => {
    const { text, actions } = askProbeTarget(kb, ['https://example.com', 'https://www.example.org/shop/']);
    expect(text).toBe(kb.dialog.probe.ask_target);
    expect(actions).toEqual([
      { id: 'probe:0', label: 'example.com', role: 'choice' },
      { id: 'probe:1', label: 'www.example.org/shop', role: 'choice' },
      { id: 'probe:none', label: kb.dialog.probe.skip_target, role: 'choice' },
    ]);
  });

  it('keeps long addresses within a button label', () => {
    const [button] = askProbeTarget(kb, [`https://example.com/${'a'.repeat(120)}`]).actions;
    expect(button?.label).toHaveLength(75);
    expect(button?.label.endsWith('…')).toBe(true);
  });

  it('reads the buttons back, and refuses ids that are not its own', () => {
    expect(parseProbeAction(actionId.probe(1))).toEqual({ type: 'probe', choice: 1 });
    expect(parseProbeAction(actionId.probe('none'))).toEqual({ type: 'probe', choice: 'none' });
    for (const id of ['probe', 'probe:', 'probe:-1', 'probe:x', 'probe:1:2', 'probe:123', 'more']) expect(parseProbeAction(id)).toBeUndefined();
  });

  it('picks the address a button names', () => {
    const pending = { type: 'probe_target' as const, candidates: ['https://example.com', 'https://www.example.org'] };
    expect(pickProbeTarget(pending, 1)).toEqual(probe('https://www.example.org'));
    expect(pickProbeTarget(pending, 'none')).toEqual(none);
    expect(pickProbeTarget(pending, 2)).toBeUndefined();
  });
});
