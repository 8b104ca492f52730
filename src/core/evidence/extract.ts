import type { CompiledSignature } from '../knowledge/types.js';
import { readMention } from './mention-context.js';
import type { SignatureMatcher } from './signature-matcher.js';
import type { Evidence, EvidenceHit } from './types.js';

const MAX_EXCERPT = 110;
const CONTEXT_BEFORE = 12;
const STATUS = /(?<![\d.:/#$-])\b([45]\d\d)\b(?![\d.]\d)/g;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`()[\]{}]{1,300}/gi;
// Bare host names need a real-looking top-level domain, so file names (nginx.conf, node.js, error.log) are not hosts.
const HOST = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,6}(?:com|org|net|io|co|uk|de|fr|nl|be|es|it|pl|se|no|dk|fi|ch|at|cz|pt|ie|eu|us|ca|au|nz|in|jp|cn|br|mx|ar|ru|ua|tr|za|app|dev|shop|store|site|online|tech|cloud|ai|gg|me|tv|info|biz|xyz|blog|page|test|example|invalid|localhost)\b(?![.-]?\w)/gi;
// Error pages name their vendor's own site ("Visit cloudflare.com for more information"): not a site to check.
const VENDOR_SITES = new Set(['cloudflare.com', 'www.cloudflare.com', 'vercel.com', 'netlify.com', 'heroku.com', 'devcenter.heroku.com']);
const LOG_LINE = /^\s*(?:\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d|\[\w{3} \w{3} \d{1,2} |\w{3} \d{1,2} \d\d:\d\d:\d\d |\d{4}-\d\d-\d\dT|\{"level"|<\d+>)/;

/** The matched words with a little context from their line, for quoting back. */
function excerptAround(text: string, index: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const lineEndAt = text.indexOf('\n', index + length);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const start = Math.max(lineStart, index - CONTEXT_BEFORE);
  const end = Math.min(lineEnd, index + Math.max(length, MAX_EXCERPT - CONTEXT_BEFORE));
  const words = text.slice(start, end).trim();
  return `${start > lineStart ? '…' : ''}${words}${end < lineEnd ? '…' : ''}`;
}

/** A product or cause named in a sentence that blames it ("nginx returns 502") counts this much more. */
const ATTRIBUTION_BONUS = 0.12;
const ATTRIBUTED_MAX = 0.9;

function matchSignature(signature: CompiledSignature, text: string, denied: string[]): EvidenceHit | undefined {
  const match = signature.regex.exec(text);
  if (!match) return undefined;
  const start = match.index;
  const end = start + match[0].length;
  let weight = signature.weight;
  // A product's name can be denied or blamed by its sentence; a cause's wording is read as it is.
  if (signature.kind === 'mention' && (signature.vendor || signature.upstream)) {
    const reading = readMention(text, start, end);
    if (reading === 'negated') {
      denied.push(match[0]);
      return undefined;
    }
    if (reading === 'attributed') weight = Math.max(weight, Math.min(ATTRIBUTED_MAX, weight + ATTRIBUTION_BONUS));
  }
  const groups: Record<string, string> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) if (value !== undefined) groups[name] = value;
  return { signature, excerpt: excerptAround(text, start, match[0].length), groups, weight, start, end };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Everything in a message that points at a layer, an app server or a cause, plus codes, URLs and hosts. */
export function extractEvidence(text: string, matcher: SignatureMatcher): Evidence {
  const hits: EvidenceHit[] = [];
  const denied: string[] = [];
  for (const signature of matcher.candidates(text)) {
    const hit = matchSignature(signature, text, denied);
    if (hit) hits.push(hit);
  }
  const conversational = text
    .split('\n')
    .filter((line) => !LOG_LINE.test(line))
    .join('\n');
  const urls = unique([...conversational.matchAll(URL_PATTERN)].map((m) => m[0].replace(/[.,;:!?]+$/, '')));
  const hosts = unique(
    [...urls.map((u) => safeHost(u)), ...[...conversational.matchAll(HOST)].map((m) => m[0].toLowerCase())].filter(
      (h): h is string => Boolean(h),
    ),
  );
  const statuses = unique([...text.matchAll(STATUS)].map((m) => Number(m[1])));
  return { hits, statuses, urls, hosts, denied: unique(denied) };
}

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
