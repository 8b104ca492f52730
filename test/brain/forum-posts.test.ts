import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';

/**
 * Forum posts as people write them: a title, a story, pasted material. Each group pins one way
 * the brain used to misread posts. All texts are written for these tests.
 */
let diagnoser: Diagnoser;
beforeAll(() => {
  diagnoser = loadDiagnoser();
});

const NGINX_PAGE = [
  '<html>',
  '<head><title>502 Bad Gateway</title></head>',
  '<body>',
  '<center><h1>502 Bad Gateway</h1></center>',
  '<hr><center>nginx/1.22.1</center>',
  '</body>',
  '</html>',
].join('\n');

describe('a post about the person\'s own deployment that opens with a pasted error page is owner_fix', () => {
  it.each([
    `502 Bad Gateway\n\`\`\`\n${NGINX_PAGE}\n\`\`\`\nThat is what I get since I moved my flask app to a new droplet. I copied the systemd unit from the old box and restarted everything twice.`,
    `${NGINX_PAGE}\nabove is what my homelab shows after I upgraded the container image of my recipe manager last night, the logs of the container look clean`,
    'Proxy Error\nThe proxy server received an invalid response from an upstream server.\nReason: Error reading from remote server\n\nHi, after updating our intranet wiki to the new release this page appears on every login. Apache sits in front of it on the same VM.',
  ])('%#', (post) => {
    const analysis = diagnoser.analyze(post);
    expect(analysis.diagnosis.intent).toBe('owner_fix');
    expect(analysis.structure.pasted.length).toBeGreaterThan(0);
  });
});

describe('reports that a given site or page is down are check_url', () => {
  it.each([
    'Docs site returns 502\nHey, just a heads-up: docs.tooling-example.dev answers every page with a 502 Bad Gateway since this morning. The main page is fine.',
    '[Bug] demo instance is down\n### Describe the bug\nOpening https://demo.notes-example.org gives "502 Bad Gateway" for the last two hours.\n### Browser\nFirefox 128',
    'Download link broken\nThe release tarball link on the project page gives bad gateway, tried three times today.',
  ])('%#', (post) => {
    expect(diagnoser.analyze(post).diagnosis.intent).toBe('check_url');
  });
});

describe('a named app server outside the list is "other", not unknown', () => {
  it.each([
    ['my golang service behind nginx returns 502 after the first request', 'other'],
    ['Spring WebFlux app on Netty behind an ALB gives intermittent 502', 'other'],
    ['grafana behind my reverse proxy shows bad gateway after the upgrade', 'other'],
    ['JupyterHub behind nginx, the spawner page gives 502', 'other'],
    ['FastAPI with uvicorn behind caddy, every POST gets a 502', 'other'],
    ['GlassFish domain behind apache mod_proxy answers 502', 'other'],
  ])('%s', (text, upstream) => {
    expect(diagnoser.analyze(text).diagnosis.upstream).toBe(upstream);
  });
});

describe('containers, Lambda and .NET stacks are recognised from their usual words and log lines', () => {
  it.each([
    ['502 Bad Gateway issue with some containers after I recreated the compose stack', 'container'],
    ['nginx-proxy with VIRTUAL_HOST=wiki.example.net gives 502 for that one service', 'container'],
    ['API Gateway returns 502 when my lambda returns an object without statusCode', 'lambda'],
    ['exports.handler = async (event, context) => { return { body: "ok" } }\nthis gives 502 through API Gateway', 'lambda'],
    ['HTTP Error 502.5 - ANCM Out-Of-Process Startup Failure after publishing to IIS', 'dotnet'],
    ['Kestrel app behind IIS returns 502.3 on long uploads', 'dotnet'],
  ])('%s', (text, upstream) => {
    expect(diagnoser.analyze(text).diagnosis.upstream).toBe(upstream);
  });
});

describe('causes stated in plain words are read; none is claimed without evidence', () => {
  it.each([
    ['my node app crashed and nginx answers 502 now', 'upstream_crash'],
    ['the worker runs out of memory on big imports and the proxy gives 502', 'upstream_crash'],
    ['the export request times out after 60 seconds with a 504', 'upstream_timeout'],
    ['gunicorn is missing on the new server, nginx says bad gateway', 'upstream_down'],
    ['the load balancer cannot find a healthy backend after the deploy', 'upstream_down'],
    ['our tiny backend speaks http 1.0 only and haproxy rejects its answers with 502', 'protocol'],
    ['nginx 502 since this morning on my site', 'unknown'],
  ])('%s', (text, cause) => {
    expect(diagnoser.analyze(text).diagnosis.cause).toBe(cause);
  });

  it('a generic gateway page (Kong, HAProxy) names the vendor but no cause', () => {
    for (const page of ['{"message":"An invalid response was received from the upstream server"}', '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>']) {
      expect(diagnoser.analyze(page).diagnosis.cause).toBe('unknown');
    }
  });
});

describe('a vendor only from evidence that it produced the error, never from a product merely mentioned', () => {
  it.each([
    ['We took Cloudflare off the domain last week and now the page says 502 Bad Gateway nginx/1.18.0', 'nginx'],
    ['I am not using Heroku any more, my node app on a VPS gives 502', 'unknown'],
    ['my king kong fan page shows a 502', 'unknown'],
    ['the golf caddy booking app shows bad gateway', 'unknown'],
    ['we migrated away from Traefik; the new proxy returns 502 for the API', 'unknown'],
    ['Varnish returned a 502 error; behind it the backend service is nginx', 'varnish'],
    ['Azure App Service: 502 - Web server received an invalid response while acting as a gateway or proxy server.', 'azure'],
    ['"a 502 proxy error" shows when I deploy the function', 'unknown'],
  ])('%s', (text, vendor) => {
    expect(diagnoser.analyze(text).diagnosis.vendor).toBe(vendor);
  });
});

describe('who is asking, as a calibrated reading of the whole message', () => {
  it.each([
    ['my blog on nginx shows 502', 'owner'],
    ['I deployed our api to a new cluster and the ingress gives 502', 'owner'],
    ['502 Bad Gateway\nI followed the install guide on my VPS and the domain shows this', 'owner'],
    ["my insurance company's website keeps showing 502 when I upload a claim", 'visitor'],
    ['is twitch down? 502 for me', 'visitor'],
    ["je suis juste client, la boutique affiche 502", 'visitor'],
  ])('%s', (text, role) => {
    const reading = diagnoser.analyze(text).role;
    expect(reading.role).toBe(role);
    expect(reading.probability).toBeGreaterThanOrEqual(0.75);
  });

  it.each(['what does 502 bad gateway mean', 'how is a 502 different from a 504?'])('claims no role for "%s"', (text) => {
    expect(diagnoser.analyze(text).role.role).toBeUndefined();
  });
});

describe('message structure', () => {
  it('separates the title and the person\'s words from logs, configs and fenced blocks', () => {
    const post = [
      'upstream timed out on the reports page',
      'Our reports take long. From the error log:',
      '2024/06/01 10:00:00 [error] 12#12: *3 upstream timed out (110: Connection timed out) while reading response header from upstream',
      '```',
      'location /reports {',
      '    proxy_pass http://127.0.0.1:8000;',
      '}',
      '```',
      'Where do I raise the limit?',
    ].join('\n');
    const { structure } = diagnoser.analyze(post);
    expect(structure.title).toBe('upstream timed out on the reports page');
    expect(structure.pasted).toEqual(expect.arrayContaining(['log', 'config']));
    expect(structure.prose).toContain('where do i raise the limit?');
    expect(structure.prose).not.toContain('proxy_pass');
    expect(structure.prose).not.toContain('110: connection timed out');
  });

  it('keeps a one-line message whole, even when it quotes an error page', () => {
    const { structure } = diagnoser.analyze('502 Bad Gateway nginx/1.18.0 on my own site');
    expect(structure.title).toBeUndefined();
    expect(structure.prose).toBe('502 bad gateway nginx/1.18.0 on my own site');
  });
});
