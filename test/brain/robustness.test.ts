import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnoser, Diagnosis } from '../../src/core/diagnose.js';
import { CAUSES, INTENTS, UPSTREAMS, VENDORS } from '../../src/core/taxonomy.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';
import { jsonLines, runCli } from '../helpers/cli.js';

let diagnoser: Diagnoser;
beforeAll(() => {
  diagnoser = loadDiagnoser();
});

/** Deterministic pseudo-random numbers (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function fill(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const NGINX_LINE =
  '2024/05/14 10:01:02 [error] 2211#2211: *9137 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9, server: shop.example.com, request: "GET /cart HTTP/1.1", upstream: "http://127.0.0.1:8000/cart", host: "shop.example.com"';

const NGINX_CONF = `server {
    listen 80;
    server_name shop.example.com;
    location / {
        proxy_pass http://127.0.0.1:8000;
        proxy_set_header Host $host;
        proxy_read_timeout 60s;
    }
}
`;

const FORUM_PROSE =
  'Hi all, long time reader first time poster. Since we moved the shop to the new VPS last week the checkout sometimes fails ' +
  'and customers get an error page. I tried restarting things, clearing caches and reading old threads but nothing helped so far. ';

function forumPost(length: number): string {
  const middle = `\nHere is my config:\n${NGINX_CONF}\nand the log says:\n${NGINX_LINE}\n\n`;
  const half = Math.floor((length - middle.length) / 2);
  return fill(FORUM_PROSE, half) + middle + fill(FORUM_PROSE, length - half - middle.length);
}

function randomWords(length: number, seed: number): string {
  const next = random(seed);
  const words = ['server', 'the', 'gateway', 'window', 'apple', 'yesterday', 'upstream', 'river', 'blue', 'seven', 'proxy', 'why', 'help', 'log', 'and', 'chair'];
  let out = '';
  while (out.length < length) out += `${words[Math.floor(next() * words.length)]} `;
  return out.slice(0, length);
}

function randomBytes(length: number, seed: number): Buffer {
  const next = random(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) bytes[i] = Math.floor(next() * 256);
  return bytes;
}

/** Inputs that must never throw nor hang. */
const ODD_INPUTS: Record<string, () => string> = {
  'a 100,000-character forum post with a config and a log line in the middle': () => forumPost(100_000),
  '100,000 characters of random words': () => randomWords(100_000, 7),
  'random bytes decoded as latin1': () => randomBytes(100_000, 11).toString('latin1'),
  'random bytes decoded as utf8': () => randomBytes(100_000, 13).toString('utf8'),
  '100,000 NUL bytes': () => '\u0000'.repeat(100_000),
  'NUL bytes inside a log line': () => NGINX_LINE.split('').join('\u0000'),
  'emoji and ZWJ family sequences': () => '👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻 502?! '.repeat(5_000),
  'right-to-left override around a question': () => '\u202Ewhy does nginx give 502\u202C '.repeat(3_000),
  'combining marks stacked 1000 deep': () => `e${'\u0301'.repeat(1_000)} nginx 502 a${'\u0300\u0301\u0302\u0303'.repeat(250)}`,
  '100,000 combining marks on one letter': () => `a${'\u0301'.repeat(99_999)}`,
  'lone surrogates': () => '\uD800 502 \uDC00 bad \uDBFF gateway \uDFFF'.repeat(3_000),
  'full-width letters and digits': () => 'ｎｇｉｎｘ　５０２　Ｂａｄ　Ｇａｔｅｗａｙ　'.repeat(3_000),
  'NFKC-expanding U+FDFA repeated 1,000 times': () => '\uFDFA'.repeat(1_000),
  'NFKC-expanding U+FDFA repeated 100,000 times (grows eighteenfold)': () => '\uFDFA'.repeat(100_000),
  'NFKC ligatures and squared characters': () => 'ﬃ ﬄ ㍻ ㌀ ㎒ ℡ '.repeat(2_000),
  'CJK forum post of 100,000 characters': () => fill('服务器返回了错误网关，我的网站打不开。', 100_000),
  'HTML with 10,000 nested tags': () => `${'<div class="x">'.repeat(10_000)}502 Bad Gateway${'</div>'.repeat(10_000)}`,
  '100,000 unclosed angle brackets': () => '<'.repeat(100_000),
  'entity fragments': () => '&#x&#&amp;&#1114112;&#xD800;&#99999999;'.repeat(2_000),
  'one 100,000-character word': () => 'a'.repeat(100_000),
  '100,000 newlines': () => '\n'.repeat(100_000),
  'an empty message': () => '',
};

function expectValid(diagnosis: Diagnosis): void {
  expect(INTENTS).toContain(diagnosis.intent);
  expect(VENDORS).toContain(diagnosis.vendor);
  expect(UPSTREAMS).toContain(diagnosis.upstream);
  expect(CAUSES).toContain(diagnosis.cause);
  expect(diagnosis.article === null || diagnoser.kb.articlesById.has(diagnosis.article)).toBe(true);
  expect(diagnosis.confidence).toBeGreaterThanOrEqual(0);
  expect(diagnosis.confidence).toBeLessThanOrEqual(1);
}

describe('Diagnoser.analyze on hostile input: a valid diagnosis, no exception, bounded time', () => {
  it(
    'every odd input in one batch',
    () => {
      for (const [name, make] of Object.entries(ODD_INPUTS)) {
        let diagnosis: Diagnosis | undefined;
        expect(() => {
          diagnosis = diagnoser.analyze(make()).diagnosis;
        }, name).not.toThrow();
        expectValid(diagnosis!);
      }
    },
    20_000,
  );

  it(
    'full-width text is read as its plain form',
    () => {
      expect(diagnoser.analyze('ｎｇｉｎｘ　５０２　Ｂａｄ　Ｇａｔｅｗａｙ').diagnosis.vendor).toBe('nginx');
    },
    10_000,
  );
});

describe('regex-bomb shapes: each signature example\'s first half repeated 5,000 times', () => {
  const byFile = new Map<string, string[]>();
  beforeAll(() => {
    for (const signature of diagnoser.kb.signatures) {
      const list = byFile.get(signature.file) ?? [];
      for (const example of signature.examples) list.push(example.slice(0, Math.max(1, Math.floor(example.length / 2))).repeat(5_000));
      byFile.set(signature.file, list);
    }
  });

  // One test per signature file, so a catastrophic pattern points at its file by timing out.
  const FILES = [
    'akamai', 'apache', 'app-servers', 'app-servers-other', 'aws_elb', 'azure', 'caddy', 'causes', 'cloudflare', 'cloudfront', 'envoy', 'fastly', 'gcp_lb',
    'haproxy', 'heroku', 'iis', 'kong', 'lighttpd', 'litespeed', 'netlify', 'nginx', 'squid', 'traefik', 'varnish', 'vercel',
  ];
  it.each(FILES)(
    'knowledge/signatures/%s.yaml',
    (name) => {
      const bombs = byFile.get(`knowledge/signatures/${name}.yaml`) ?? [];
      for (const text of bombs) expectValid(diagnoser.analyze(text).diagnosis);
    },
    30_000,
  );

  it('every signature file is covered', () => {
    expect([...byFile.keys()].map((f) => f.replace(/^knowledge\/signatures\/|\.yaml$/g, '')).sort()).toEqual([...FILES].sort());
  });
});

describe('the scanner reads the head and the tail of long pastes', () => {
  it(
    'a log line at the end of a 60,000-character text is found',
    () => {
      const text = `${fill(FORUM_PROSE, 60_000 - NGINX_LINE.length - 1)}\n${NGINX_LINE}`;
      expect(text.length).toBe(60_000);
      const { diagnosis, evidence } = diagnoser.analyze(text);
      expect(diagnosis.vendor).toBe('nginx');
      expect(diagnosis.cause).toBe('upstream_down');
      expect(evidence.hits.map((h) => h.signature.id)).toContain('nginx-log-refused');
    },
    10_000,
  );

  it(
    'a log line at the end of 60,000 characters of non-Latin text is found',
    () => {
      const text = `${fill('Сервер выдаёт ошибку шлюза, помогите разобраться. ', 60_000)}\n${NGINX_LINE}`;
      const { diagnosis } = diagnoser.analyze(text);
      expect(diagnosis.vendor).toBe('nginx');
      expect(diagnosis.cause).toBe('upstream_down');
    },
    10_000,
  );

  it(
    'a log line at the start of a 100,000-character text is found',
    () => {
      const text = `${NGINX_LINE}\n${randomWords(100_000 - NGINX_LINE.length - 1, 3)}`;
      const { diagnosis } = diagnoser.analyze(text);
      expect(diagnosis.vendor).toBe('nginx');
      expect(diagnosis.cause).toBe('upstream_down');
    },
    10_000,
  );
});

describe('updoc classify on hostile input', () => {
  it(
    'answers every line with a valid diagnosis, in order',
    async () => {
      const names = Object.keys(ODD_INPUTS);
      const input = names.map((name) => JSON.stringify({ id: name, text: ODD_INPUTS[name]!() })).join('\n');
      const result = await runCli(['classify'], { input: `${input}\n` });
      expect(result.code).toBe(0);
      const out = jsonLines(result.stdout);
      expect(out.map((l) => l.id)).toEqual(names);
      for (const line of out) {
        expect(line.error).toBeUndefined();
        expectValid(line as unknown as Diagnosis);
      }
    },
    60_000,
  );

  it(
    'raw invalid UTF-8 bytes on stdin give an error line, and the next line is still classified',
    async () => {
      // Random bytes with no line breaks (readline splits on \n and \r), then two normal lines.
      const noBreaks = (bytes: Buffer) => Buffer.from(bytes.map((b) => (b === 0x0a || b === 0x0d ? 0x20 : b)));
      const junk = noBreaks(randomBytes(20_000, 19)).toString('latin1');
      const input = Buffer.concat([
        noBreaks(randomBytes(20_000, 17)),
        Buffer.from(`\n${JSON.stringify({ id: 'after', text: NGINX_LINE })}\n${JSON.stringify({ id: 'latin1', text: junk })}\n`, 'utf8'),
      ]);
      const result = await runCli(['classify'], { input });
      expect(result.code).toBe(0);
      const out = jsonLines(result.stdout);
      expect(out).toHaveLength(3);
      expect(typeof out[0]!.error).toBe('string');
      expect(out[1]).toMatchObject({ id: 'after', vendor: 'nginx', cause: 'upstream_down' });
      expect(out[2]!.id).toBe('latin1');
      expectValid(out[2] as unknown as Diagnosis);
    },
    60_000,
  );
});
