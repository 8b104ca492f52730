// Hostile inputs for the fuzz suite (test/ops/fuzz.test.ts) and its benchmark (scripts/bench-fuzz.mjs).
// Plain JavaScript so that the benchmark runs them against the built code without a TypeScript loader.
import fc from 'fast-check';

/** Pieces of real 502 log lines and error pages, repeated to stress the signature regexes. */
const LOG_FRAGMENTS = [
  '502 Bad Gateway ',
  'upstream prematurely closed connection while reading response header from upstream, ',
  'connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, ',
  'upstream timed out (110: Connection timed out) ',
  'nginx/1.18.0 (Ubuntu)',
  'HTTP/1.1 502 ',
  'cf-ray: 8a1b2c3d4e5f-AMS ',
  'Error 502 Ray ID: ',
  'php-fpm ',
  'gunicorn ',
  '[error] 1234#1234: *5678 ',
  'a'.repeat(64),
  '((((((((',
  ':::::',
  '\t',
  '\n',
  ' ',
  '.',
  '502',
  'Bad ',
  'Gateway',
];

const UNICODE_ODDITIES = ['\u0000', '\uD800', '\uDFFF', '\u200B', '\u200D', '\u202E', '\uFEFF', '\u0301'.repeat(50), '👩‍👩‍👧‍👦', 'ﷺ', '𝟓𝟎𝟐', 'İ', 'ß', '\u2028', '\r\n'];

const controlChar = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code));

/** A string no one should send, from binary junk to 100,000 characters of log fragments. */
export const hostileText = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
  { weight: 4, arbitrary: fc.string({ maxLength: 300, unit: controlChar }) },
  { weight: 4, arbitrary: fc.string({ maxLength: 300, unit: 'grapheme' }) },
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...UNICODE_ODDITIES, ...LOG_FRAGMENTS), { maxLength: 200 }).map((parts) => parts.join('')) },
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...LOG_FRAGMENTS), { minLength: 1, maxLength: 1_000 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4_000 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...LOG_FRAGMENTS, ...UNICODE_ODDITIES, 'x'), fc.integer({ min: 10_000, max: 100_000 }))
      .map(([fragment, length]) => fragment.repeat(Math.ceil(length / fragment.length)).slice(0, length)),
  },
);

const FACT_LIKE = ['role', 'vendor', 'upstream', 'cause', 'stack', 'when', 'owner', 'visitor', 'nginx', 'cloudflare', ''];

/** Button ids: real ones, real shapes with wrong parts, and junk. */
export const actionIds = fc.oneof(
  fc.constantFrom('more', 'human', 'feedback:up', 'feedback:down', 'rephrase', 'intent:owner_fix', 'intent:nope', 'fact:role:owner', 'fact:role:visitor'),
  fc.tuple(fc.constantFrom('fact', 'intent', 'feedback', 'more', ''), fc.constantFrom(...FACT_LIKE), fc.constantFrom(...FACT_LIKE)).map((parts) => parts.join(':')),
  fc.string({ maxLength: 120, unit: 'binary' }),
);

const SESSION_POOL = ['fuzz-session-1', 'fuzz-session-2', 'fuzz-session-3'];

/** One turn for `Bot.handleTurn`: text, a button, both, neither, or an image no reader can read. */
export const turns = fc.record({
  sessionId: fc.oneof(fc.constantFrom(...SESSION_POOL), fc.string({ maxLength: 80, unit: 'binary' })),
  input: fc.oneof(
    { weight: 5, arbitrary: fc.record({ text: hostileText }) },
    { weight: 3, arbitrary: fc.record({ action: actionIds }) },
    { weight: 1, arbitrary: fc.record({ text: hostileText, action: actionIds }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ image: { bytes: Buffer.from(bytes) } })) },
  ),
});

/** JSON nested `depth` levels deep, as a raw body string: it must be refused or parsed, never crash. */
export function nestedJson(depth) {
  return fc.constantFrom(
    '['.repeat(depth) + ']'.repeat(depth),
    '{"text":'.repeat(depth) + '"x"' + '}'.repeat(depth),
    '['.repeat(depth),
  );
}

/** Any JSON value where a field should be: the wrong type in every field. */
const wrongValue = fc.oneof(fc.anything({ maxDepth: 3 }), hostileText, actionIds, fc.constantFrom(null, true, 0, -1, 1e308, [], {}));

const chatBody = fc.oneof(
  fc.record({ text: hostileText }, { requiredKeys: [] }),
  fc.record({ action: actionIds, sessionId: fc.constantFrom(...SESSION_POOL) }, { requiredKeys: ['action'] }),
  fc.record({ sessionId: wrongValue, text: wrongValue, action: wrongValue }, { requiredKeys: [] }),
  fc.dictionary(fc.string({ maxLength: 20 }), wrongValue, { maxKeys: 5 }),
  wrongValue,
).map((body) => JSON.stringify(body) ?? 'null');

const rawBody = fc.oneof(
  { weight: 6, arbitrary: chatBody },
  { weight: 1, arbitrary: nestedJson(10_000) },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"text":', '"\\u', 'null', '[]', '{"__proto__":{"x":1},"text":"hi"}', '{"constructor":{"prototype":{}}}') },
);

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'image/png', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/octet-stream'];

/** One HTTP request for `app.inject`: the chat API with hostile bodies, headers and paths. */
export const apiRequests = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      method: fc.constant('POST'),
      url: fc.constantFrom('/api/chat', '/api/chat/stream'),
      headers: fc.record({ 'content-type': fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, fc.constantFrom(...CONTENT_TYPES)) }),
      payload: rawBody,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant('POST'),
      url: fc.oneof(fc.constant('/api/screenshot'), fc.string({ maxLength: 80 }).map((id) => `/api/screenshot?sessionId=${encodeURIComponent(id)}`)),
      headers: fc.record({ 'content-type': fc.constantFrom(...CONTENT_TYPES) }),
      payload: fc.uint8Array({ maxLength: 2_048 }).map((bytes) => Buffer.from(bytes)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant('GET'),
      url: fc.oneof(fc.constantFrom(...SESSION_POOL), fc.string({ maxLength: 100 })).map((id) => `/api/sessions/${encodeURIComponent(id)}`),
      headers: fc.record({ 'x-request-id': fc.string({ maxLength: 200 }).map((id) => id.replace(/[^\x21-\x7e]/g, '')) }),
    }),
  },
);

export const REPLY_KINDS = ['answer', 'question', 'progress', 'handoff', 'error'];

/** Why a value is not a valid reply, or undefined when it is one. */
export function replyProblem(reply) {
  if (typeof reply !== 'object' || reply === null) return 'not an object';
  if (!REPLY_KINDS.includes(reply.kind)) return `unknown kind ${String(reply.kind)}`;
  if (typeof reply.text !== 'string' || reply.text.trim() === '') return 'empty text';
  if (!Array.isArray(reply.actions)) return 'actions is not an array';
  if (!reply.actions.every((a) => typeof a?.id === 'string' && typeof a?.label === 'string')) return 'an action without id or label';
  if (typeof reply.diagnosis !== 'object' || reply.diagnosis === null) return 'no diagnosis';
  return undefined;
}

/** Why an HTTP answer breaks the API's promise (2xx, or a 4xx JSON error), or undefined when it keeps it. */
export function responseProblem(response) {
  const { statusCode } = response;
  if (statusCode >= 500) return `status ${statusCode}: ${response.body.slice(0, 300)}`;
  if (statusCode >= 400) {
    let body;
    try {
      body = JSON.parse(response.body);
    } catch {
      return `status ${statusCode} with a body that is not JSON`;
    }
    if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string') return `status ${statusCode} without {error:{code,message}}`;
    return undefined;
  }
  if (statusCode < 200 || statusCode >= 300) return `status ${statusCode}`;
  if (String(response.headers['content-type']).startsWith('text/event-stream')) {
    return response.body.includes('event: done') ? undefined : 'an event stream without its done event';
  }
  const body = JSON.parse(response.body);
  for (const reply of body.replies ?? []) {
    const problem = replyProblem(reply);
    if (problem) return problem;
  }
  return undefined;
}

/** Runs counts per property: the total (at least 100,000 in the full suite) split 60/20/20. */
export function fuzzRuns(total) {
  return { analyze: Math.round(total * 0.6), turns: Math.round(total * 0.2), api: Math.round(total * 0.2) };
}
