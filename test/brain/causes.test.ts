import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser } from '../../src/core/diagnose.js';
import type { Cause, Upstream, Vendor } from '../../src/core/taxonomy.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';

let diagnoser: Diagnoser;
beforeAll(() => {
  diagnoser = loadDiagnoser();
});

interface CauseCase {
  /** Where the line comes from, for the test name. */
  from: string;
  text: string;
  cause: Exclude<Cause, 'unknown'>;
  /** Asserted when the line itself shows the layer (or the app server). */
  vendor?: Vendor;
  upstream?: Upstream;
}

const NGINX = (message: string, upstream = 'http://127.0.0.1:8000/api/orders') =>
  `2024/05/14 10:01:02 [error] 2211#2211: *9137 ${message}, client: 203.0.113.9, server: app.example.com, request: "GET /api/orders HTTP/1.1", upstream: "${upstream}", host: "app.example.com"`;
const HAPROXY = (status: number, state: string, server = 'be_app/app1') =>
  `May 14 10:04:05 lb1 haproxy[1234]: 198.51.100.20:51514 [14/May/2024:10:04:05.120] fe_www ${server} 0/0/1/-1/30002 ${status} 217 - - ${state} 12/12/3/1/0 0/0 "GET /checkout HTTP/1.1"`;
const HEROKU = (code: string, desc: string, status = 503) =>
  `2024-05-14T09:12:44.123456+00:00 heroku[router]: at=error code=${code} desc="${desc}" method=GET path="/dashboard" host=tidy-river-4821.herokuapp.com request_id=6c1c1b8e-8f0d fwd="198.51.100.7" dyno=web.1 connect=1ms service=30001ms status=${status} bytes=0 protocol=https`;

const CASES: CauseCase[] = [
  // upstream_down
  { from: 'nginx refused', cause: 'upstream_down', vendor: 'nginx', text: NGINX('connect() failed (111: Connection refused) while connecting to upstream') },
  {
    // The failure that marked the servers down, named before "no live upstreams", is the cause.
    from: 'nginx refused, then no live upstreams',
    cause: 'upstream_down',
    vendor: 'nginx',
    text: `${NGINX('connect() failed (111: Connection refused) while connecting to upstream', 'http://[::1]:3000/api/orders')}\n${NGINX('no live upstreams while connecting to upstream', 'http://localhost/api/orders')}`,
  },
  {
    from: 'nginx php-fpm socket missing',
    cause: 'upstream_down',
    vendor: 'nginx',
    upstream: 'php_fpm',
    text: NGINX('connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream', 'fastcgi://unix:/run/php/php8.2-fpm.sock:').replace('[error]', '[crit]'),
  },
  {
    from: 'Apache AH00957',
    cause: 'upstream_down',
    vendor: 'apache',
    text: '[Tue May 14 10:03:04.123456 2024] [proxy:error] [pid 4321:tid 140230112] (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost:8080) failed',
  },
  { from: 'HAProxy SC--', cause: 'upstream_down', vendor: 'haproxy', text: HAPROXY(503, 'SC--') },
  { from: 'Cloudflare 521', cause: 'upstream_down', vendor: 'cloudflare', text: 'Web server is down Error code 521\nVisit cloudflare.com for more information.\nCloudflare Ray ID: 87d1c0a9be3f4e23' },
  { from: 'Caddy dial refused', cause: 'upstream_down', vendor: 'caddy', text: '{"level":"error","ts":1715678401.5,"logger":"http.log.error","msg":"dial tcp 127.0.0.1:3000: connect: connection refused","status":502}' },
  { from: 'Heroku H10', cause: 'upstream_down', vendor: 'heroku', text: HEROKU('H10', 'App crashed') },
  // upstream_crash
  { from: 'nginx premature close', cause: 'upstream_crash', vendor: 'nginx', text: NGINX('upstream prematurely closed connection while reading response header from upstream') },
  { from: 'nginx reset by peer', cause: 'upstream_crash', vendor: 'nginx', text: NGINX('recv() failed (104: Connection reset by peer) while reading response header from upstream') },
  {
    from: 'Apache AH01102',
    cause: 'upstream_crash',
    vendor: 'apache',
    text: '[Tue May 14 10:05:01.000001 2024] [proxy_http:error] [pid 1234:tid 1402] (104)Connection reset by peer: [client 203.0.113.4:50122] AH01102: error reading status line from remote server 127.0.0.1:8000',
  },
  { from: 'HAProxy SH--', cause: 'upstream_crash', vendor: 'haproxy', text: HAPROXY(502, 'SH--') },
  { from: 'gunicorn WORKER TIMEOUT', cause: 'upstream_crash', upstream: 'gunicorn', text: '[2024-05-14 10:05:06 +0000] [812] [CRITICAL] WORKER TIMEOUT (pid:2231)' },
  { from: 'Heroku H13', cause: 'upstream_crash', vendor: 'heroku', text: HEROKU('H13', 'Connection closed without response') },
  { from: 'Envoy connection termination', cause: 'upstream_crash', text: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination' },
  // upstream_timeout
  { from: 'nginx read timeout', cause: 'upstream_timeout', vendor: 'nginx', text: NGINX('upstream timed out (110: Connection timed out) while reading response header from upstream') },
  { from: 'Cloudflare 524', cause: 'upstream_timeout', vendor: 'cloudflare', text: 'shop.example.org | 524: A timeout occurred\nA timeout occurred Error code 524\nThe origin web server timed out responding to this request.\nCloudflare Ray ID: 87d1c0a9be3f4e24' },
  { from: 'HAProxy sH--', cause: 'upstream_timeout', vendor: 'haproxy', text: HAPROXY(504, 'sH--') },
  { from: 'Heroku H12', cause: 'upstream_timeout', vendor: 'heroku', text: HEROKU('H12', 'Request timeout') },
  { from: 'Traefik i/o timeout', cause: 'upstream_timeout', text: 'time="2024-05-14T09:20:01Z" level=debug msg="\'504 Gateway Timeout\' caused by: dial tcp 10.0.3.7:8080: i/o timeout"' },
  // header_too_big
  { from: 'nginx too big header', cause: 'header_too_big', vendor: 'nginx', text: NGINX('upstream sent too big header while reading response header from upstream') },
  {
    from: 'Apache AH10124',
    cause: 'header_too_big',
    vendor: 'apache',
    text: "[Tue May 14 10:06:00.000002 2024] [proxy_http:error] [pid 66] [client 10.0.0.4:1234] AH10124: header size is over the limit allowed by ResponseFieldSize (8192 bytes). Bad response header: 'Set-Cookie: sess=...'",
  },
  // tls_origin
  {
    from: 'nginx SSL handshake',
    cause: 'tls_origin',
    vendor: 'nginx',
    text: NGINX('SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream', 'https://10.0.0.12:443/'),
  },
  { from: 'Cloudflare 525', cause: 'tls_origin', vendor: 'cloudflare', text: 'SSL handshake failed Error code 525\nVisit cloudflare.com for more information.\nCloudflare Ray ID: 87d1c0a9be3f4e25' },
  {
    from: 'Envoy TLS transport failure',
    cause: 'tls_origin',
    text: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end',
  },
  { from: 'Go x509', cause: 'tls_origin', text: 'level=debug msg="\'500 Internal Server Error\' caused by: tls: failed to verify certificate: x509: certificate signed by unknown authority"' },
  // dns_origin
  { from: 'nginx could not be resolved', cause: 'dns_origin', vendor: 'nginx', text: NGINX('api.internal could not be resolved (3: Host not found)') },
  { from: 'Cloudflare 1016', cause: 'dns_origin', vendor: 'cloudflare', text: 'Error 1016 Ray ID: 87d1c0a9be3f4e26 • 2024-05-14 10:10:10 UTC\nOrigin DNS error\nWhat happened? You\'ve requested a page on a website that is on the Cloudflare network.' },
  { from: 'Go no such host', cause: 'dns_origin', text: 'time="2024-05-14T09:21:00Z" level=debug msg="\'502 Bad Gateway\' caused by: dial tcp: lookup backend on 127.0.0.11:53: no such host"' },
  { from: 'Apache DNS lookup failure', cause: 'dns_origin', vendor: 'apache', text: 'Proxy Error\nThe proxy server could not handle the request\nReason: DNS lookup failure for: backend.internal' },
  // permission
  { from: 'nginx permission denied', cause: 'permission', vendor: 'nginx', text: NGINX('connect() to 127.0.0.1:8080 failed (13: Permission denied) while connecting to upstream').replace('[error]', '[crit]') },
  {
    from: 'Apache (13) AH00957',
    cause: 'permission',
    vendor: 'apache',
    text: '[Tue May 14 10:11:12.000003 2024] [proxy:error] [pid 999:tid 1403] (13)Permission denied: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (127.0.0.1) failed',
  },
  { from: 'lighttpd permission denied', cause: 'permission', vendor: 'lighttpd', text: '2024-05-14 10:12:00: (gw_backend.c.315) establishing connection failed: Permission denied socket: unix:/run/php/php8.2-fpm.sock' },
  // overload
  { from: 'php-fpm max_children', cause: 'overload', upstream: 'php_fpm', text: '[14-May-2024 10:07:08] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it' },
  {
    from: 'nginx EAGAIN on a socket',
    cause: 'overload',
    vendor: 'nginx',
    text: NGINX('connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream', 'fastcgi://unix:/run/php/php8.2-fpm.sock:'),
  },
  { from: 'HAProxy sQ--', cause: 'overload', vendor: 'haproxy', text: HAPROXY(503, 'sQ--', 'be_app/<NOSRV>') },
  { from: 'Heroku H11', cause: 'overload', vendor: 'heroku', text: HEROKU('H11', 'Backlog too deep') },
  // protocol
  { from: 'nginx no valid header', cause: 'protocol', vendor: 'nginx', text: NGINX('upstream sent no valid HTTP/1.0 header while reading response header from upstream') },
  { from: 'HAProxy PH--', cause: 'protocol', vendor: 'haproxy', text: HAPROXY(502, 'PH--') },
  { from: 'Envoy protocol error', cause: 'protocol', text: 'upstream connect error or disconnect/reset before headers. reset reason: protocol error' },
  { from: 'Go HTTPS to HTTP', cause: 'protocol', text: 'level=debug msg="\'502 Bad Gateway\' caused by: tls: first record does not look like a TLS handshake"' },
  { from: 'Apache AH01106', cause: 'protocol', vendor: 'apache', text: '[Tue May 14 10:13:00.000004 2024] [proxy_http:error] [pid 555] [client 10.0.0.3:4444] AH01106: bad HTTP/1.1 header returned by /api' },
  { from: 'uWSGI block size', cause: 'protocol', upstream: 'uwsgi', text: 'invalid request block size: 21573 (max 4096)...skip' },
  // more products and shapes
  { from: 'nginx no route to host', cause: 'upstream_down', vendor: 'nginx', text: NGINX('connect() failed (113: No route to host) while connecting to upstream', 'http://10.0.0.5:8000/') },
  { from: 'nginx connect timeout', cause: 'upstream_timeout', vendor: 'nginx', text: NGINX('upstream timed out (110: Connection timed out) while connecting to upstream', 'http://10.0.0.5:8000/') },
  {
    from: 'nginx FastCGI premature close',
    cause: 'upstream_crash',
    vendor: 'nginx',
    upstream: 'php_fpm',
    text: NGINX('upstream prematurely closed FastCGI stdout while reading response header from upstream', 'fastcgi://unix:/run/php/php8.3-fpm.sock:'),
  },
  { from: 'nginx certificate expired', cause: 'tls_origin', vendor: 'nginx', text: NGINX('upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream', 'https://10.0.0.1:443/') },
  { from: 'nginx no resolver', cause: 'dns_origin', vendor: 'nginx', text: NGINX('no resolver defined to resolve api.internal') },
  {
    from: 'Apache AH01102 with 70007 timeout',
    cause: 'upstream_timeout',
    vendor: 'apache',
    text: '[Tue May 14 10:03:04.123456 2024] [proxy_http:error] [pid 4321:tid 140230112] (70007)The timeout specified has expired: [client 1.2.3.4:5555] AH01102: error reading status line from remote server 127.0.0.1:8080',
  },
  {
    from: 'Apache AH02454 php-fpm socket',
    cause: 'upstream_down',
    vendor: 'apache',
    upstream: 'php_fpm',
    text: '[Tue May 14 10:03:04.123456 2024] [proxy:error] [pid 4321] (2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket /run/php/php8.2-fpm.sock (*) failed',
  },
  { from: 'php-fpm execution timed out', cause: 'upstream_crash', upstream: 'php_fpm', text: "[14-May-2024 10:07:08] WARNING: [pool www] child 1234, script '/var/www/html/index.php' (request: \"GET /index.php\") execution timed out (30.012345 sec), terminating" },
  { from: 'uWSGI listen queue full', cause: 'overload', upstream: 'uwsgi', text: 'Tue May 14 10:00:00 2024 - *** uWSGI listen queue of socket "/tmp/app.sock" (fd: 3) full !!! (101/100) ***' },
  { from: 'Envoy access log UF', cause: 'upstream_down', vendor: 'envoy', text: '[2024-05-14T10:00:00.000Z] "GET /api/v1/items HTTP/1.1" 503 UF,URX 0 91 10001 - "10.1.2.3" "curl/8.0" "8d7f-1" "api.example.com" "10.4.5.6:8080"' },
  { from: 'Envoy access log UPE', cause: 'protocol', vendor: 'envoy', text: '[2024-05-14T10:00:00.000Z] "GET /api/v1/items HTTP/1.1" 502 UPE 0 87 12 - "10.1.2.3" "Mozilla/5.0" "8d7f-1" "api.example.com" "10.4.5.6:8080"' },
  { from: 'Envoy access log UT', cause: 'upstream_timeout', vendor: 'envoy', text: '[2024-05-14T10:00:00.000Z] "GET /api/v1/items HTTP/1.1" 504 UT 0 24 15001 - "10.1.2.3" "Mozilla/5.0" "8d7f-1" "api.example.com" "10.4.5.6:8080"' },
  { from: 'Envoy access log UO', cause: 'overload', vendor: 'envoy', text: '[2024-05-14T10:00:00.000Z] "GET /api/v1/items HTTP/1.1" 503 UO 0 81 0 - "10.1.2.3" "Mozilla/5.0" "8d7f-1" "api.example.com" "-"' },
  { from: 'Caddy EOF', cause: 'upstream_crash', vendor: 'caddy', text: '{"level":"error","ts":1715678401.5,"logger":"http.log.error","msg":"EOF","status":502}' },
  { from: 'Caddy i/o timeout', cause: 'upstream_timeout', vendor: 'caddy', text: '{"level":"error","ts":1715678401.5,"logger":"http.log.error","msg":"dial tcp 10.0.0.5:3000: i/o timeout","status":504}' },
  { from: 'Squid X-Squid-Error read timeout', cause: 'upstream_timeout', vendor: 'squid', text: 'X-Squid-Error: ERR_READ_TIMEOUT 0' },
  { from: 'Varnish FetchError no backend connection', cause: 'upstream_down', vendor: 'varnish', text: '-   FetchError     no backend connection' },
  { from: 'Fastly first byte timeout', cause: 'upstream_timeout', vendor: 'fastly', text: 'Error 503 first byte timeout\nGuru Mediation:\nDetails: cache-fra19126-FRA 1715679000 3482215712\nVarnish cache server' },
  { from: 'IIS ARR 502.3 WinHTTP timeout', cause: 'upstream_timeout', vendor: 'iis', text: '2024-05-14 10:00:00 10.0.0.1 GET /app - 443 - 203.0.113.1 Mozilla/5.0 - 502 3 12002 29889' },
  {
    from: 'Azure App Service forward refused',
    cause: 'upstream_down',
    vendor: 'azure',
    upstream: 'container',
    text: '[Error] Middleware: Failed to forward request to http://169.254.129.3:8000. Encountered a System.Net.Http.HttpRequestException exception after 220.561ms with message: Connection refused (169.254.129.3:8000). Check application logs to verify the application is properly handling HTTP traffic.',
  },
  { from: 'Kubernetes OOMKilled', cause: 'upstream_crash', upstream: 'container', text: 'Last State:     Terminated\n  Reason:       OOMKilled\n  Exit Code:    137' },
  { from: 'Lambda task timed out', cause: 'upstream_timeout', upstream: 'lambda', text: '2024-05-14T10:00:00.000Z 1a2b3c4d-5e6f Task timed out after 30.03 seconds' },
  { from: 'API Gateway malformed Lambda response', cause: 'protocol', upstream: 'lambda', text: 'Execution failed due to configuration error: Malformed Lambda proxy response' },
  { from: 'Node socket hang up', cause: 'upstream_crash', upstream: 'node', text: 'Error: socket hang up\n    at connResetException (node:internal/errors:720:14)' },
  { from: 'Akamai reference 97 (connect timeout)', cause: 'upstream_timeout', vendor: 'akamai', text: 'An error occurred while processing your request.\nReference #97.3c5b1d17.1715678900.2a9f01c4' },
  { from: 'Kong 504 body', cause: 'upstream_timeout', vendor: 'kong', text: '{"message":"The upstream server is timing out","request_id":"0a1b2c3d"}' },
  { from: 'Vercel 504 page', cause: 'upstream_timeout', vendor: 'vercel', upstream: 'lambda', text: '504: GATEWAY_TIMEOUT\nCode: FUNCTION_INVOCATION_TIMEOUT\nID: hkg1::lwfvf-1715690000000-665514977cb1' },
];

describe('cause (and the layer or app server the line shows) from real log lines', () => {
  it.each(CASES.map((c) => [`${c.cause} ← ${c.from}`, c] as const))('%s', (_name, c) => {
    const { diagnosis } = diagnoser.analyze(c.text);
    expect(diagnosis.cause).toBe(c.cause);
    if (c.vendor) expect(diagnosis.vendor).toBe(c.vendor);
    if (c.upstream) expect(diagnosis.upstream).toBe(c.upstream);
  });

  it('covers every cause with at least two lines from different products', () => {
    const byCause = new Map<string, Set<string>>();
    for (const c of CASES) byCause.set(c.cause, (byCause.get(c.cause) ?? new Set()).add(c.from.split(' ')[0] ?? ''));
    for (const cause of ['upstream_down', 'upstream_crash', 'upstream_timeout', 'header_too_big', 'tls_origin', 'dns_origin', 'permission', 'overload', 'protocol']) {
      expect(byCause.get(cause)?.size ?? 0, cause).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('upstream: the app server behind the proxy, from evidence', () => {
  const UPSTREAM_CASES: [string, Upstream][] = [
    [NGINX('upstream timed out (110: Connection timed out) while reading response header from upstream', 'fastcgi://unix:/run/php/php8.1-fpm.sock:'), 'php_fpm'],
    [NGINX('upstream prematurely closed connection while reading response header from upstream', 'uwsgi://unix:///tmp/mysite.sock:'), 'uwsgi'],
    ['nginx in front of gunicorn gives 502 when I upload a big csv', 'gunicorn'],
    ['my node express app behind nginx returns 502 after a few minutes', 'node'],
    ['spring boot app behind an nginx reverse proxy, 502 on startup', 'tomcat'],
    ['the kubernetes pod behind our ingress keeps returning 502', 'container'],
    ['api gateway in front of a lambda function gives 502 bad gateway', 'lambda'],
    ['502 after I moved the wordpress site to a new server with php-fpm', 'php_fpm'],
  ];
  it.each(UPSTREAM_CASES)('%s → %s', (text, upstream) => {
    expect(diagnoser.analyze(text).diagnosis.upstream).toBe(upstream);
  });

  it('claims no upstream when nothing names one', () => {
    expect(diagnoser.analyze('nginx gives 502 bad gateway since this morning').diagnosis.upstream).toBe('unknown');
    expect(diagnoser.analyze(NGINX('connect() failed (111: Connection refused) while connecting to upstream')).diagnosis.upstream).toBe('unknown');
  });
});

describe('every signature finds its own examples through the whole pipeline (the prefilter hides nothing)', () => {
  it('each example yields a hit of its signature', () => {
    const misses: string[] = [];
    let checked = 0;
    for (const signature of diagnoser.kb.signatures) {
      for (const example of signature.examples) {
        checked += 1;
        const hits = diagnoser.analyze(example).evidence.hits.map((h) => h.signature.id);
        if (!hits.includes(signature.id)) misses.push(`${signature.id}: ${example.slice(0, 100)}`);
      }
    }
    expect(checked).toBeGreaterThan(diagnoser.kb.signatures.length - 1);
    expect(misses).toEqual([]);
  }, 60_000);
});
