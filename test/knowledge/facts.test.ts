import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import { evidenceOnOrdinaryText, ordinarySentences } from '../../src/core/knowledge/ordinary-sentences.js';
import { OrdinarySentencesFile } from '../../src/core/knowledge/schema.js';
import { hostingOf } from '../../src/core/knowledge/steps-sections.js';
import type { KnowledgeBase } from '../../src/core/knowledge/types.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { ROOT } from '../helpers/cli.js';
import { Conversation } from '../helpers/conversation.js';

let diagnoser: Diagnoser;
let kb: KnowledgeBase;
beforeAll(() => {
  diagnoser = loadDiagnoser();
  kb = diagnoser.kb;
});

const hitIds = (text: string) => diagnoser.analyze(text).evidence.hits.map((h) => h.signature.id);
const NGINX_PAGE = '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx/1.18.0</center>\n</body>\n</html>';

describe('signatures that misfired stay fixed', () => {
  it('capitalised words are not HAProxy termination states; a real HAProxy log line still is', () => {
    for (const text of ['MY SHOP IS DOWN 502', 'PCRE ERROR AFTER THE UPDATE', 'SCAN FINISHED, SHOP STILL 502']) {
      const { diagnosis } = diagnoser.analyze(text);
      expect(diagnosis.vendor, text).toBe('unknown');
      expect(diagnosis.cause, text).toBe('unknown');
      expect(hitIds(text).filter((id) => id.startsWith('haproxy-'))).toEqual([]);
    }
    const line = 'Mar  3 10:04:05 lb1 haproxy[1234]: 198.51.100.20:51514 [03/Mar/2025:10:04:05.120] fe_www be_app/app1 0/0/1/-1/30 502 217 - - SH-- 12/12/3/1/0 0/0 "GET / HTTP/1.1"';
    expect(diagnoser.analyze(line).diagnosis).toMatchObject({ vendor: 'haproxy', cause: 'upstream_crash' });
  });

  it('a product removed or denied in the sentence does not outrank the page', () => {
    const removed = diagnoser.analyze(`We removed Cloudflare last week and now the site shows this:\n${NGINX_PAGE}`);
    expect(removed.diagnosis.vendor).toBe('nginx');
    expect(removed.evidence.hits.some((h) => h.signature.vendor === 'cloudflare')).toBe(false);
    const denied = diagnoser.analyze('I am not using Heroku, my app just gives 502 Bad Gateway');
    expect(denied.diagnosis.vendor).toBe('unknown');
    expect(denied.evidence.hits.some((h) => h.signature.vendor === 'heroku')).toBe(false);
  });

  it('Server: Cowboy is the Erlang server, not Heroku; only Heroku\'s Via header names Heroku', () => {
    const cowboy = diagnoser.analyze('HTTP/1.1 502 Bad Gateway\nserver: Cowboy\ncontent-length: 0');
    expect(cowboy.diagnosis.vendor).not.toBe('heroku');
    expect(cowboy.diagnosis.upstream).toBe('other');
    expect(diagnoser.analyze('HTTP/1.1 503 Service Unavailable\nserver: Cowboy\nvia: 1.1 vegur').diagnosis.vendor).toBe('heroku');
    expect(diagnoser.analyze('HTTP/1.1 503 Service Unavailable\nserver: Heroku\nvia: 1.1 heroku-router').diagnosis.vendor).toBe('heroku');
  });

  it('230 seconds names Azure App Service only beside Azure', () => {
    expect(diagnoser.analyze('my export request fails after 230 seconds with a 502').diagnosis.vendor).toBe('unknown');
    const azure = diagnoser.analyze('our Azure App Service returns 502 for reports that run longer than 230 seconds');
    expect(azure.diagnosis).toMatchObject({ vendor: 'azure', cause: 'upstream_timeout' });
    expect(azure.resolved.vendor?.value).toBe('azure_app_service');
  });

  it('"Application Load Balancer" is Google Cloud\'s beside Google Cloud, AWS\'s otherwise', () => {
    expect(diagnoser.analyze("Google Cloud's Application Load Balancer returns 502 for one backend service").diagnosis.vendor).toBe('gcp_lb');
    expect(diagnoser.analyze('our external Application Load Balancer on GCP shows 502').diagnosis.vendor).toBe('gcp_lb');
    expect(diagnoser.analyze('our Application Load Balancer in us-east-1 returns 502 to clients').diagnosis.vendor).toBe('aws_elb');
  });

  it('lsphp is LiteSpeed\'s PHP, not PHP-FPM', () => {
    const { diagnosis } = diagnoser.analyze('lsphp processes keep dying and the site returns 502');
    expect(diagnosis.vendor).toBe('litespeed');
    expect(diagnosis.upstream).not.toBe('php_fpm');
  });

  it('nginx\'s 400 "Request Header Or Cookie Too Large" is the client\'s request, not header_too_big', () => {
    const page = '<html>\n<head><title>400 Request Header Or Cookie Too Large</title></head>\n<body>\n<center><h1>400 Bad Request</h1></center>\n<center>Request Header Or Cookie Too Large</center>\n<hr><center>nginx</center>\n</body>\n</html>';
    const { diagnosis, evidence } = diagnoser.analyze(page);
    expect(diagnosis.cause).toBe('unknown');
    expect(diagnosis.vendor).toBe('nginx');
    expect(diagnosis.article).toBe('request-header-too-large');
    expect(evidence.hits.map((h) => h.signature.id)).toContain('nginx-page-request-header-too-large');
    expect(diagnoser.analyze('Size of a request header field exceeds server limit.').diagnosis.cause).toBe('unknown');
  });

  it('"no live upstreams" is overload by itself; a line before it that names the failure wins', () => {
    const line = (message: string, upstream: string) =>
      `2025/03/01 10:00:05 [error] 30#30: *2048 ${message}, client: 10.1.2.3, server: example.com, request: "GET / HTTP/1.1", upstream: "${upstream}", host: "example.com"`;
    const alone = diagnoser.analyze(line('no live upstreams while connecting to upstream', 'http://backend/'));
    expect(alone.diagnosis).toMatchObject({ vendor: 'nginx', cause: 'overload' });
    const after = diagnoser.analyze(`${line('upstream timed out (110: Connection timed out) while connecting to upstream', 'http://10.0.0.5:8080/')}\n${line('no live upstreams while connecting to upstream', 'http://backend/')}`);
    expect(after.diagnosis.cause).toBe('upstream_timeout');
  });

  it('localhost resolved to ::1 is named as such, for nginx and for Node', () => {
    const nginx = diagnoser.analyze(
      '2025/03/14 09:12:44 [error] 12#12: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7, server: example.com, request: "GET / HTTP/1.1", upstream: "http://[::1]:3000/", host: "example.com"',
    );
    expect(nginx.diagnosis.cause).toBe('upstream_down');
    expect(nginx.evidence.hits.map((h) => h.signature.id)).toContain('nginx-log-refused-ipv6-loopback');
    expect(hitIds('[vite] http proxy error: /api Error: connect ECONNREFUSED ::1:8080')).toContain('cause-econnrefused-ipv6-loopback');
  });
});

describe('the shared ordinary sentences', () => {
  const file = OrdinarySentencesFile.parse(parse(readFileSync(join(ROOT, 'knowledge', 'ordinary-sentences.yaml'), 'utf8')));
  const sentences = ordinarySentences(file);

  it('hold shouted text, denied products and other products, and no signature finds evidence in them', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(30);
    for (const text of ['MY SHOP IS DOWN 502', 'We removed Cloudflare last week.', 'I am not using Heroku.']) expect(sentences.map((s) => s.text)).toContain(text);
    expect(evidenceOnOrdinaryText(kb.signatures, sentences)).toEqual([]);
  });

  it('are read as messages are: a denied product\'s name matches the raw regex, but yields no evidence', () => {
    const mention = kb.signatures.find((s) => s.id === 'cf-mention');
    const sentence = sentences.find((s) => s.text === 'We removed Cloudflare last week.');
    expect(mention?.regex.test(sentence?.text ?? '')).toBe(true);
    expect(evidenceOnOrdinaryText(kb.signatures, [sentence!])).toEqual([]);
  });
});

describe('each platform gets its own steps', () => {
  const PLATFORMS: Record<string, string[]> = {
    'cause-upstream_timeout': ['heroku', 'azure_app_service', 'vercel', 'netlify', 'iis', 'kubernetes', 'container', 'aws_elb', 'lambda', 'cloudflare'],
    'cause-upstream_crash': ['heroku', 'azure_app_service', 'vercel', 'netlify', 'iis', 'kubernetes', 'container', 'aws_elb', 'lambda', 'cloudflare'],
    'cause-upstream_down': ['heroku', 'azure_app_service', 'iis', 'kubernetes', 'container', 'aws_elb', 'cloudflare'],
    'cause-protocol': ['heroku', 'kubernetes', 'container', 'aws_elb', 'lambda', 'cloudflare'],
    'cause-overload': ['heroku', 'kubernetes', 'container', 'aws_elb', 'lambda'],
    'vendor-heroku': ['heroku'],
    'vendor-azure': ['azure_app_service', 'azure'],
    'vendor-iis': ['iis'],
    'vendor-vercel': ['vercel'],
    'vendor-netlify': ['netlify'],
    'platform-kubernetes': ['kubernetes'],
  };

  it.each(Object.entries(PLATFORMS))('%s has 3 to 7 steps for each platform', (id, platforms) => {
    const article = kb.articlesById.get(id);
    for (const platform of platforms) {
      const section = article?.sections.get(`Steps for ${platform}`) ?? '';
      const steps = section.split('\n').filter((line) => /^\d+\.\s/.test(line));
      expect(steps.length, `${id} › Steps for ${platform}`).toBeGreaterThanOrEqual(3);
      expect(steps.length, `${id} › Steps for ${platform}`).toBeLessThanOrEqual(7);
    }
  });

  it('the catalog tells where the app runs for the platforms without a server shell', () => {
    const catalog = kb.catalog;
    expect(['heroku', 'vercel', 'netlify', 'azure_app_service'].map((id) => hostingOf(id, catalog))).toEqual(['paas', 'paas', 'paas', 'paas']);
    expect(hostingOf('iis', catalog)).toBe('windows');
    expect(hostingOf('lambda', catalog)).toBe('serverless');
    expect(hostingOf('nginx', catalog)).toBeUndefined();
  });

  it('no platform section without a server shell asks for sudo, systemctl or journalctl', () => {
    const offending = kb.articles.flatMap((a) =>
      [...a.sections]
        .filter(([heading, text]) => {
          const id = /^Steps for ([\w-]+)$/.exec(heading)?.[1];
          const hosting = id ? hostingOf(id, kb.catalog) : undefined;
          return hosting !== undefined && hosting !== 'vps' && /\b(?:sudo|systemctl|journalctl)\b/.test(text);
        })
        .map(([heading]) => `${a.meta.id} › ${heading}`),
    );
    expect(offending).toEqual([]);
  });

  it('states each platform\'s own limit and fix', () => {
    const section = (id: string, platform: string) => kb.articlesById.get(id)?.sections.get(`Steps for ${platform}`) ?? '';
    expect(section('cause-upstream_timeout', 'heroku')).toMatch(/30 s limit cannot be raised/);
    expect(section('cause-upstream_timeout', 'heroku')).not.toMatch(/nginx|proxy_read_timeout|pm2/);
    expect(section('cause-upstream_timeout', 'azure_app_service')).toMatch(/230 seconds/);
    expect(section('cause-upstream_timeout', 'cloudflare')).toMatch(/Enterprise/);
    expect(section('cause-upstream_down', 'iis')).toMatch(/502\.5/);
    expect(section('cause-upstream_down', 'iis')).toMatch(/Hosting Bundle/);
    expect(section('cause-protocol', 'aws_elb')).toMatch(/-1/);
    expect(section('cause-protocol', 'aws_elb')).toMatch(/keepAliveTimeout/);
    expect(section('cause-upstream_down', 'aws_elb')).toMatch(/security group/);
    expect(section('cause-upstream_timeout', 'container')).toMatch(/i\/o timeout/);
    expect(section('cause-upstream_timeout', 'kubernetes')).toMatch(/nginx\.ingress\.kubernetes\.io\/proxy-read-timeout/);
    expect(section('cause-protocol', 'lambda')).toMatch(/statusCode.*body.*string/);
  });
});

describe('corrected answers', () => {
  it('a PHP-FPM child killed by request_terminate_timeout is fixed by raising that pool setting, with fastcgi_read_timeout', async () => {
    const c = Conversation.start();
    let reply = await c.say(
      "my site gives 502 and the FPM log says: [14-May-2025 10:07:08] WARNING: [pool www] child 1234, script '/var/www/html/index.php' (request: \"GET /index.php\") execution timed out (31.005 sec), terminating",
    );
    // The proxy in front may be asked first (in the same reply or as a question): it is nginx.
    if (reply.actions.some((a) => a.id === 'fact:vendor:nginx')) reply = await c.press('fact:vendor:nginx');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/raise `request_terminate_timeout`/);
    expect(reply.text).toMatch(/fastcgi_read_timeout/);
  });

  it('many sites failing on one network are the visitor\'s own proxy, VPN, filter or wifi login', async () => {
    const c = Conversation.start();
    const reply = await c.say('every website I open at the office shows 502 bad gateway, on my phone with 4G they all work');
    expect(reply.kind).toBe('answer');
    expect(reply.diagnosis.article).toBe('visitor-own-network');
    expect(reply.text).toMatch(/proxy/);
    expect(reply.text).toMatch(/VPN/);
  });

  it('the visitor articles say what to do when the 502 came while paying', () => {
    for (const id of ['visitor-what-to-try', 'visitor-whose-fault', 'visitor-own-network']) {
      const text = [...(kb.articlesById.get(id)?.sections.values() ?? [])].join('\n');
      expect(text, id).toMatch(/pay/i);
      expect(text, id).toMatch(/confirmation/);
      expect(text, id).toMatch(/bank/);
    }
  });

  it('the nginx 400 cookie page gets cookie advice, not proxy buffers', async () => {
    const c = Conversation.start();
    let reply = await c.say('I just visit this shop and it shows 400 Bad Request, Request Header Or Cookie Too Large, nginx');
    if (reply.actions.some((a) => a.id === 'fact:role:visitor')) reply = await c.press('fact:role:visitor');
    expect(reply.kind).toBe('answer');
    expect(reply.text).toMatch(/cookies/i);
    expect(reply.text).not.toMatch(/proxy_buffer_size/);
  });
});
