import { describe, expect, it } from 'vitest';
import { findAddresses } from '../../src/core/evidence/extract.js';
import { readStructure } from '../../src/core/text/structure.js';
import { realDiagnoser } from '../helpers/conversation.js';

const hosts = (text: string) => findAddresses(text).map((a) => a.host);

describe('addresses in a message', () => {
  it('finds URLs and bare names with where they are, a bare name with its port and path', () => {
    const text = 'see https://shop.example.com/cart?x=1, then example.org:8443/api/v2. Also blog.example.net.';
    const at = (written: string) => ({ start: text.indexOf(written), end: text.indexOf(written) + written.length });
    expect(findAddresses(text)).toEqual([
      { url: 'https://shop.example.com/cart?x=1', host: 'shop.example.com', ...at('https://shop.example.com/cart?x=1') },
      { url: 'https://example.org:8443/api/v2', host: 'example.org', ...at('example.org:8443/api/v2') },
      { url: 'https://blog.example.net', host: 'blog.example.net', ...at('blog.example.net') },
    ]);
  });

  it('does not count a name inside a URL twice', () => {
    expect(hosts('open http://api.example.com/health.json now')).toEqual(['api.example.com']);
  });

  it.each([
    ['a file path', '/etc/nginx/sites-available/blog.example.org'],
    ['a Windows path', 'C:\\inetpub\\wwwroot\\portal.example.com'],
    ['an e-mail address', 'write to ops@example.com'],
    ['ASP.NET and asp.net', 'ASP.NET Core 8, or asp.net core'],
    ['Socket.IO and System.Net', 'Socket.IO over System.Net sockets'],
    ['a Java package', 'java.io.IOException and java.io'],
    ['file names', 'nginx.conf, server.js, error.log, app.py, index.php'],
  ])('finds no site in %s', (_what, text) => {
    expect(hosts(text)).toEqual([]);
  });

  it('keeps addresses of log lines out of the urls and hosts lists, but knows where they are', () => {
    const message = 'my site is https://shop.example.com\n2024/06/02 09:41:07 [error] 7#7: *1 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.2, server: shop.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "shop.example.com"';
    const { evidence } = realDiagnoser().analyze(message);
    expect(evidence.urls).toEqual(['https://shop.example.com']);
    expect(evidence.hosts).toEqual(['shop.example.com']);
    expect(evidence.addresses.map((a) => a.host)).toEqual(['shop.example.com', 'shop.example.com', '127.0.0.1', 'shop.example.com']);
  });

  it('reads the site named by a Cloudflare page and by an nginx log line', () => {
    const diagnoser = realDiagnoser();
    const site = (text: string) => diagnoser.analyze(text).evidence.hits.filter((h) => h.groups.site).map((h) => `${h.signature.id}: ${h.groups.site}`);
    expect(site('You\nBrowser\nWorking\nParis\nCloudflare\nWorking\nwww.example.org\nHost\nError')).toContain('cf-host-tile: www.example.org');
    expect(site('<title>api.example.com | 504: Gateway time-out</title>')).toContain('cf-title-host: api.example.com');
    expect(site('<a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_502&amp;utm_campaign=shop.example.com">')).toContain('cf-visit-for-more: shop.example.com');
    expect(site(', upstream: "http://10.1.2.3:80/", host: "app.example.io:8443"')).toEqual(['nginx-log-request-host: app.example.io']);
  });
});

describe("the message's lines", () => {
  it('marks every non-empty line as the person\'s own or as pasted, a fenced block with its kind', () => {
    const text = 'why 502?\n\n```\nserver_name example.com;\nproxy_pass http://127.0.0.1:8000;\n```\nplease help';
    const { lines } = readStructure(text);
    expect(lines.map((l) => [text.slice(l.start, l.end), l.pasted ?? 'own'])).toEqual([
      ['why 502?', 'own'],
      ['server_name example.com;', 'config'],
      ['proxy_pass http://127.0.0.1:8000;', 'config'],
      ['please help', 'own'],
    ]);
  });

  it('reads a dotted key set to a value as configuration, and a dotted name alone as words', () => {
    const kinds = (line: string) => readStructure(`my question\n${line}`).lines[1]?.pasted;
    expect(kinds('app.server.port = 3000')).toBe('config');
    expect(kinds('spring.cloud.gateway.routes: api')).toBe('config');
    expect(kinds('the node.js app listens on port 3000 now')).toBeUndefined();
  });

  it('reads an access log line as a log line', () => {
    const text = 'look:\n198.51.100.7 - - [02/Jun/2024:10:00:01 +0000] "GET / HTTP/1.1" 502 157 "-" "curl/8.5.0"';
    expect(readStructure(text).lines[1]?.pasted).toBe('log');
  });

  it('keeps a first line that is a log line as the question, but says what it quotes', () => {
    const text = '2024/06/02 09:41:07 [error] 7#7: *1 upstream timed out (110: Connection timed out)\nwhat does it mean';
    const [first] = readStructure(text).lines;
    expect(first).toMatchObject({ logLine: true });
    expect(first?.pasted).toBeUndefined();
  });
});
