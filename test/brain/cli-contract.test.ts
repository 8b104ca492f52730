import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAUSES, INTENTS, UPSTREAMS, VENDORS } from '../../src/core/taxonomy.js';
import { jsonLines, runCli, scratchDir, type CliResult } from '../helpers/cli.js';

const DIAGNOSIS_FIELDS = ['article', 'cause', 'confidence', 'intent', 'upstream', 'vendor'];
const NGINX_REFUSED =
  '2024/05/14 10:01:02 [error] 2211#2211: *9137 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9, server: app.example.com, request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:8000/", host: "app.example.com"';

function expectDiagnosis(value: unknown): void {
  const d = value as Record<string, unknown>;
  expect(INTENTS).toContain(d.intent);
  expect(VENDORS).toContain(d.vendor);
  expect(UPSTREAMS).toContain(d.upstream);
  expect(CAUSES).toContain(d.cause);
  expect(d.article === null || (typeof d.article === 'string' && d.article.length > 0)).toBe(true);
  expect(typeof d.confidence).toBe('number');
  expect(d.confidence as number).toBeGreaterThanOrEqual(0);
  expect(d.confidence as number).toBeLessThanOrEqual(1);
}

/** A failed command: non-zero exit, one short line on stderr, no stack trace. */
function expectCleanFailure(result: CliResult, mentions?: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).not.toBeNull();
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.length).toBeGreaterThan(5);
  expect(lines[0]!.length).toBeLessThan(300);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/\.(?:js|ts):\d+:\d+/);
  if (mentions) expect(lines[0]).toMatch(mentions);
}

describe('updoc classify', () => {
  it('writes one JSON line per input line, in order, with ids and exactly the contract fields', async () => {
    const inputs = [
      { id: 'first', text: 'what does 502 bad gateway mean?' },
      { id: 'second', text: NGINX_REFUSED },
      { id: 'third', text: 'hi there' },
      { id: 42, text: 'is it my wifi or their server?' },
      { id: 'fifth', text: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>' },
    ];
    const result = await runCli(['classify'], { input: inputs.map((i) => JSON.stringify(i)).join('\n') + '\n' });
    expect(result.code).toBe(0);
    const out = jsonLines(result.stdout);
    expect(out).toHaveLength(inputs.length);
    out.forEach((line, i) => {
      expect(Object.keys(line).sort()).toEqual(['id', ...DIAGNOSIS_FIELDS].sort());
      expect(line.id).toBe(inputs[i]!.id);
      expectDiagnosis(line);
    });
    expect(out[1]).toMatchObject({ vendor: 'nginx', cause: 'upstream_down', upstream: 'unknown' });
    expect(out[4]).toMatchObject({ vendor: 'nginx' });
    expect(out[0]).toMatchObject({ intent: 'explain', vendor: 'unknown', upstream: 'unknown', cause: 'unknown' });
  });

  it('stdout is clean JSON: every line parses, even with bad lines mixed in', async () => {
    const input = ['{"id":"a","text":"502 on my nginx"}', 'garbage', '{"id":"b","text":"thanks!"}', ''].join('\n');
    const result = await runCli(['classify'], { input });
    expect(result.code).toBe(0);
    const raw = result.stdout.split('\n').filter((l) => l !== '');
    for (const line of raw) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('a malformed line yields {id, error} for that line and processing goes on', async () => {
    const input = [
      '{"id":"ok1","text":"what is a 502?"}',
      'this is not json',
      '{"id":"no-text"}',
      '',
      '{"id":"num-text","text":5}',
      '{"id":"ok2","text":"is it my router?"}',
      '[1,2,3]',
      '{"id":"ok3","text":"502 vs 504"}',
    ].join('\n');
    const result = await runCli(['classify'], { input: `${input}\n` });
    expect(result.code).toBe(0);
    const out = jsonLines(result.stdout);
    expect(out).toHaveLength(8);
    const errorLines = [1, 2, 3, 4, 6];
    out.forEach((line, i) => {
      if (errorLines.includes(i)) {
        expect(Object.keys(line).sort()).toEqual(['error', 'id']);
        expect(typeof line.error).toBe('string');
        expect((line.error as string).length).toBeGreaterThan(3);
      } else {
        expect(line.error).toBeUndefined();
        expectDiagnosis(line);
      }
    });
    expect(out.map((l) => l.id)).toEqual(['ok1', null, 'no-text', null, 'num-text', 'ok2', null, 'ok3']);
    expect(out[4]!.error).toMatch(/text/);
    expect(out[2]!.error).toMatch(/text|image/);
  });

  it('an image-only line gets an error saying screenshots cannot be read', async () => {
    const result = await runCli(['classify'], { input: '{"id":"shot","image":"/tmp/does-not-matter.png"}\n{"id":"after","text":"hello"}\n' });
    expect(result.code).toBe(0);
    const [shot, after] = jsonLines(result.stdout);
    expect(shot).toEqual({ id: 'shot', error: expect.stringMatching(/screenshot/i) });
    expect(shot!.error).toMatch(/cannot|can't|not/i);
    expect(after).toMatchObject({ id: 'after', intent: 'smalltalk' });
  });

  it('a line naming a screenshot that does not exist gets an error, and the next line is classified', async () => {
    const input = [JSON.stringify({ id: 'both', text: NGINX_REFUSED, image: 'shot.png' }), JSON.stringify({ id: 'next', text: NGINX_REFUSED })].join('\n');
    const [missing, next] = jsonLines((await runCli(['classify'], { input })).stdout);
    expect(missing).toEqual({ id: 'both', error: expect.stringMatching(/shot\.png/) });
    expect(next).toMatchObject({ id: 'next', vendor: 'nginx', cause: 'upstream_down' });
  });

  it('handles CRLF line ends and a last line without a newline', async () => {
    const result = await runCli(['classify'], { input: '{"id":"w1","text":"hello"}\r\n{"id":"w2","text":"what does 502 mean"}' });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((l) => l.id)).toEqual(['w1', 'w2']);
  });

  it('empty input gives empty output and exit 0', async () => {
    const result = await runCli(['classify'], { input: '' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });
});

describe('updoc eval', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = scratchDir('updoc-eval-');
    file = join(dir, 'labelled.jsonl');
    const lines = [
      // all four right
      { id: 'e1', text: 'what does 502 bad gateway mean?', intent: 'explain', vendor: 'unknown', upstream: 'unknown', cause: 'unknown' },
      // lists: the prediction is the second acceptable value of intent and vendor
      { id: 'e2', text: NGINX_REFUSED, intent: ['explain', 'owner_fix'], vendor: ['cloudflare', 'nginx'], upstream: 'unknown', cause: 'upstream_down' },
      // an honest "unknown" where the label names a vendor: an error, not a wrong claim
      { id: 'e3', text: 'hello there', intent: 'smalltalk', vendor: 'cloudflare', upstream: 'unknown', cause: 'unknown' },
      // nginx is claimed but the label says apache: a wrong claim
      { id: 'e4', text: 'my nginx keeps answering 502 bad gateway since I deployed this morning', intent: 'owner_fix', vendor: 'apache', upstream: 'unknown', cause: 'unknown' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });

  it('prints per-field accuracy as text', async () => {
    const result = await runCli(['eval', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/accuracy/i);
    expect(result.stdout).toMatch(/^intent\s+100\.0%/m);
    expect(result.stdout).toMatch(/^vendor\s+50\.0%/m);
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it('--json prints one object with n, accuracy, errors, knownAccuracy and wrongClaims', async () => {
    const result = await runCli(['eval', file, '--json']);
    expect(result.code).toBe(0);
    const out = jsonLines(result.stdout);
    expect(out).toHaveLength(1);
    const report = out[0] as {
      n: number;
      accuracy: Record<string, number>;
      knownAccuracy: Record<string, number>;
      wrongClaims: Record<string, number>;
      errors: { id: string; field: string; expected: string[]; got: string }[];
    };
    expect(report.n).toBe(4);
    expect(Object.keys(report.accuracy).sort()).toEqual(['cause', 'intent', 'upstream', 'vendor']);
    expect(report.accuracy).toEqual({ intent: 1, vendor: 0.5, upstream: 1, cause: 1 });
    expect(Object.keys(report.knownAccuracy).sort()).toEqual(['cause', 'upstream', 'vendor']);
    expect(report.knownAccuracy.vendor).toBeCloseTo(1 / 3, 3);
    expect(report.knownAccuracy.cause).toBe(1);
    expect(report.wrongClaims).toEqual({ vendor: 0.25, upstream: 0, cause: 0 });
    expect(Array.isArray(report.errors)).toBe(true);
    const errors = report.errors.map((e) => ({ id: e.id, field: e.field, got: e.got }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { id: 'e3', field: 'vendor', got: 'unknown' },
        { id: 'e4', field: 'vendor', got: 'nginx' },
      ]),
    );
    expect(report.errors).toHaveLength(2);
    expect(report.errors.some((e) => e.id === 'e2')).toBe(false);
  });

  it('--cv 3 adds a cross-validation accuracy', async () => {
    const result = await runCli(['eval', file, '--json', '--cv', '3']);
    expect(result.code).toBe(0);
    const [report] = jsonLines(result.stdout) as [{ cv?: { folds: number; accuracy: number }; n: number }];
    expect(report.n).toBe(4);
    expect(report.cv).toBeDefined();
    expect(report.cv!.folds).toBe(3);
    expect(typeof report.cv!.accuracy).toBe('number');
    expect(report.cv!.accuracy).toBeGreaterThan(0);
    expect(report.cv!.accuracy).toBeLessThanOrEqual(1);
    expect((report as { roleCv?: { folds: number } }).roleCv?.folds).toBe(3);
  }, 60_000);

  it('a missing file: non-zero exit, one line naming the file, no stack trace', async () => {
    const missing = join(dir, 'nope.jsonl');
    const result = await runCli(['eval', missing]);
    expectCleanFailure(result, /nope\.jsonl/);
    expect(result.stdout).toBe('');
  });

  it('a malformed line: non-zero exit, one line naming the line, no stack trace', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"x","text":"hi","intent":"smalltalk","vendor":"unknown","upstream":"unknown","cause":"unknown"}\n{not json\n');
    expectCleanFailure(await runCli(['eval', bad]), /:2\b/);
  });

  it('a line without its labels: non-zero exit, one clean line', async () => {
    const unlabelled = join(dir, 'unlabelled.jsonl');
    writeFileSync(unlabelled, '{"id":"x","text":"what is a 502"}\n');
    expectCleanFailure(await runCli(['eval', unlabelled]));
  });

  it('--cv 1 is refused with one clean line', async () => {
    expectCleanFailure(await runCli(['eval', file, '--cv', '1']), /cv/);
  });

  it('--cv with a non-number is refused with one clean line', async () => {
    expectCleanFailure(await runCli(['eval', file, '--cv', 'three']), /cv/);
  });
});

describe('bad usage', () => {
  it('an unknown flag exits non-zero with a short message', async () => {
    const result = await runCli(['classify', '--frobnicate'], { input: '' });
    expectCleanFailure(result, /frobnicate/);
  });

  it('an unknown command exits non-zero with a short message', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/frobnicate/);
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('eval without a file exits non-zero with a short message', async () => {
    const result = await runCli(['eval']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr.trim().length).toBeGreaterThan(0);
  });
});

describe('updoc ask', () => {
  it('--json prints reply-model objects', async () => {
    const result = await runCli(['ask', '--json', 'nginx gives 502 after I deployed my app, error.log says connect() failed (111: Connection refused) while connecting to upstream']);
    expect(result.code).toBe(0);
    const replies = jsonLines(result.stdout);
    expect(replies.length).toBeGreaterThanOrEqual(1);
    for (const reply of replies) {
      expect(['answer', 'question', 'progress', 'handoff', 'error']).toContain(reply.kind);
      expect(typeof reply.text).toBe('string');
      expect((reply.text as string).length).toBeGreaterThan(0);
      expect(Array.isArray(reply.actions)).toBe(true);
      for (const action of reply.actions as Record<string, unknown>[]) {
        expect(typeof action.id).toBe('string');
        expect(typeof action.label).toBe('string');
      }
      const diagnosis = reply.diagnosis as Record<string, unknown>;
      expect(Object.keys(diagnosis).sort()).toEqual(DIAGNOSIS_FIELDS);
      expectDiagnosis(diagnosis);
    }
    const last = replies[replies.length - 1]!;
    expect(last.diagnosis).toMatchObject({ intent: 'owner_fix', vendor: 'nginx', cause: 'upstream_down' });
  });

  it('an explicit request for a person is a handoff at once', async () => {
    const replies = jsonLines((await runCli(['ask', '--json', 'can I talk to a human please'])).stdout);
    expect(replies.map((r) => r.kind)).toContain('handoff');
    expect((replies[replies.length - 1]!.diagnosis as Record<string, unknown>).intent).toBe('human');
  });

  it('without --json prints plain text, the same reply text', async () => {
    const plain = await runCli(['ask', 'hello']);
    const json = await runCli(['ask', '--json', 'hello']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().length).toBeGreaterThan(0);
    expect(() => JSON.parse(plain.stdout.split('\n')[0] ?? '')).toThrow();
    const [reply] = jsonLines(json.stdout);
    expect(plain.stdout).toContain(reply!.text as string);
  });
});
