import type { CompiledSignature } from '../knowledge/types.js';
import { readMention } from './mention-context.js';
import type { SignatureMatcher } from './signature-matcher.js';
import type { AddressMention, Evidence, EvidenceHit } from './types.js';

const MAX_EXCERPT = 110;
const CONTEXT_BEFORE = 12;
const STATUS = /(?<![\d.:/#$-])\b([45]\d\d)\b(?![\d.]\d)/g;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`()[\]{}]{1,300}/gi;
// Bare host names need a real-looking top-level domain, so file names (nginx.conf, node.js, error.log) are not hosts.
const HOST = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,6}(?:com|org|net|io|co|uk|de|fr|nl|be|es|it|pl|se|no|dk|fi|ch|at|cz|pt|ie|eu|us|ca|au|nz|in|jp|cn|br|mx|ar|ru|ua|tr|za|app|dev|shop|store|site|online|tech|cloud|ai|gg|me|tv|info|biz|xyz|blog|page|test|example|invalid|localhost)\b(?![.-]?\w)/gi;
/** What may follow a bare host name and still belong to the address: a port, then a path. */
const HOST_TAIL = /^(?::\d{1,5})?(?:\/[^\s<>"'`()[\]{},;]{0,300})?/;
/** Product and namespace names written like domains ("ASP.NET Core", "Socket.IO", "java.io"): never a site. */
const PRODUCT_NAMES = new Set(['asp.net', 'ado.net', 'vb.net', 'system.net', 'socket.io', 'engine.io', 'java.io', 'sun.net']);
/** A name inside a file path, an e-mail address or a Windows path is not a site someone asks about. */
const INSIDE_PATH_OR_MAIL = /[/\\@~]$/;
const LOG_LINE = /^\s*(?:\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d|\[\w{3} \w{3} \d{1,2} |\w{3} \d{1,2} \d\d:\d\d:\d\d |\d{4}-\d\d-\d\dT|\{"level"|<\d+>)/;

const GAP = /[\s,;]/;

function lastGap(text: string): number {
  for (let at = text.length - 1; at >= 0; at--) if (GAP.test(text[at] as string)) return at;
  return -1;
}

/** The matched words with a little context from their line, for quoting back. */
function excerptAround(text: string, index: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const lineEndAt = text.indexOf('\n', index + length);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  let start = Math.max(lineStart, index - CONTEXT_BEFORE);
  let end = Math.min(lineEnd, index + Math.max(length, MAX_EXCERPT - CONTEXT_BEFORE));
  // Cut between words, never inside one ("…ror","msg"…): the context shrinks to the nearest gap.
  if (start > lineStart && !GAP.test(text[start - 1] as string)) {
    const gap = text.slice(start, index).search(GAP);
    start = gap === -1 ? index : start + gap + 1;
  }
  if (end < lineEnd && !GAP.test(text[end] as string)) {
    const gap = lastGap(text.slice(index + length, end));
    end = gap === -1 ? index + length : index + length + gap;
  }
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

/** A bare name that is a product or a namespace, not a host: a known one, or one with capitals in its last part. */
function isProductName(name: string): boolean {
  const tld = name.slice(name.lastIndexOf('.') + 1);
  return PRODUCT_NAMES.has(name.toLowerCase()) || tld !== tld.toLowerCase();
}

function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1') || undefined;
  } catch {
    return undefined;
  }
}

/** Every URL, and every bare host name outside them, with where it sits. */
export function findAddresses(text: string): AddressMention[] {
  const found: AddressMention[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(/[.,;:!?]+$/, '');
    const host = hostOfUrl(url);
    if (host) found.push({ url, host, start: match.index, end: match.index + url.length });
  }
  const urls = found.length;
  let url = 0;
  for (const match of text.matchAll(HOST)) {
    const start = match.index;
    // Both lists run left to right, so one pointer finds the URL a name might sit in.
    while (url < urls && (found[url] as AddressMention).end <= start) url++;
    const insideUrl = url < urls && (found[url] as AddressMention).start <= start;
    if (insideUrl || INSIDE_PATH_OR_MAIL.test(text.slice(Math.max(0, start - 1), start)) || isProductName(match[0])) continue;
    const written = match[0] + (HOST_TAIL.exec(text.slice(start + match[0].length))?.[0] ?? '').replace(/[.,;:!?]+$/, '');
    found.push({ url: `https://${written}`, host: match[0].toLowerCase(), start, end: start + written.length });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Everything in a message that points at a layer, an app server or a cause, plus codes and addresses. */
export function extractEvidence(text: string, matcher: SignatureMatcher): Evidence {
  const hits: EvidenceHit[] = [];
  const denied: string[] = [];
  for (const signature of matcher.candidates(text)) {
    const hit = matchSignature(signature, text, denied);
    if (hit) hits.push(hit);
  }
  const addresses = findAddresses(text);
  // Log lines name servers and upstreams in passing; the urls and hosts lists leave them out.
  // LOG_LINE reads a line's opening, so the line up to the address is enough.
  const lineStarts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const conversational = addresses.filter((a) => !LOG_LINE.test(text.slice(lineStartBefore(lineStarts, a.start), a.start + 1)));
  const urls = unique(conversational.filter((a) => /^https?:\/\//i.test(text.slice(a.start, a.end))).map((a) => a.url));
  const hosts = unique(conversational.map((a) => a.host));
  const statuses = unique([...text.matchAll(STATUS)].map((m) => Number(m[1])));
  return { hits, statuses, urls, hosts, addresses, denied: unique(denied) };
}

/** Where the line holding a position begins, from the sorted line starts. */
function lineStartBefore(lineStarts: readonly number[], at: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] as number) <= at) low = middle;
    else high = middle - 1;
  }
  return lineStarts[low] as number;
}
