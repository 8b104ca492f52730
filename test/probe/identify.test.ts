import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifyWith } from '../../src/probe/identify.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { ROOT } from '../helpers/cli.js';

const diagnoser = loadDiagnoser();
const identify = identifyWith(diagnoser);

/** Answers as the probe reads them: the head, and for errors the body after a blank line. */
const RESPONSES = [
  'HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n\n\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n',
  'HTTP/1.1 504 Gateway Time-out\r\nServer: nginx\r\n\n\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>',
  'HTTP/1.1 502 Proxy Error\r\nServer: Apache/2.4.71 (Debian)\r\n\n\n<title>502 Proxy Error</title>\n<h1>Proxy Error</h1>\n<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\nThe proxy server could not handle the request<p>Reason: <strong>Error reading from remote server</strong></p></p>',
  'HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\ncache-control: no-cache\r\ncontent-type: text/html\r\n\n\n<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>',
  'HTTP/1.1 503 Backend fetch failed\r\nServer: Varnish\r\nRetry-After: 5\r\n\n\n<h1>Error 503 Backend fetch failed</h1>\n<p>Backend fetch failed</p>\n<h3>Guru Meditation:</h3>\n<p>XID: 6</p>\n<hr>\n<p>Varnish cache server</p>',
  'HTTP/1.1 502 Bad Gateway\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_READ_ERROR 0\r\nVia: 1.1 vm (squid/5.7)\r\n\n\n<title>ERROR: The requested URL could not be retrieved</title>',
  'HTTP/1.1 502 Bad Gateway\r\nServer: Caddy\r\nContent-Length: 0',
  'HTTP/1.1 503 Service Unavailable\r\nServer: lighttpd/1.4.69\r\n\n\n<title>503 Service Unavailable</title>',
  'HTTP/2 502\r\nserver: cloudflare\r\ncf-ray: 87d1c0a9be3f4e21-FRA\r\n\n\nBad gateway Error code 502 Cloudflare Ray ID: 87d1c0a9be3f4e21',
  'HTTP/1.1 502 Bad Gateway\r\nServer: awselb/2.0\r\nContent-Length: 122\r\n\n\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>',
  'HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\n\n\nupstream connect error or disconnect/reset before headers. reset reason: connection failure',
  'HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 5',
  'HTTP/1.1 200 OK\r\nContent-Length: 5',
];

const devTexts = readFileSync(join(ROOT, '..', 'shared', 'eval', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

describe('identify', () => {
  it('names the same vendor and cause as the brain\'s full analysis, on responses and on the dev set', () => {
    for (const text of [...RESPONSES, ...devTexts]) {
      const { vendor, cause } = diagnoser.analyze(text).diagnosis;
      const named = identify(text);
      expect({ text, vendor: named.vendor, cause: named.cause }).toEqual({ text, vendor, cause });
    }
  });

  it('gives the names people read, from the knowledge base', () => {
    expect(identify(RESPONSES[2] as string)).toMatchObject({ vendor: 'apache', vendorName: 'Apache httpd', cause: 'upstream_crash' });
    expect(identify(RESPONSES[1] as string).causeMeaning).toBe(diagnoser.kb.causes.get('upstream_timeout')?.plain);
    expect(identify('HTTP/1.1 200 OK\r\nContent-Length: 5')).toEqual({ vendor: 'unknown', cause: 'unknown' });
  });
});
