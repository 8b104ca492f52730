/**
 * How a message is built. A forum post is a title, a story and pasted material (an error page,
 * headers, log lines, a config, a stack trace, command output). What the person wants is said in
 * the title and their own sentences; what they pasted is evidence, not intent words.
 */

export const PASTED_KINDS = ['page', 'log', 'config', 'headers', 'command', 'trace', 'details', 'template', 'quote', 'image'] as const;
export type PastedKind = (typeof PASTED_KINDS)[number];

/** Where recognised evidence (an error page's wording, a log line) sits in the text. */
export interface EvidenceSpan {
  start: number;
  end: number;
  kind: Extract<PastedKind, 'page' | 'log' | 'headers'>;
}

/** One non-empty line of the message: where it sits, and what was pasted there (nothing: the person's own words). */
export interface LineSpan {
  start: number;
  end: number;
  pasted?: PastedKind;
  /** A first line read as the person's words although it is a log line: its addresses are the log's. */
  logLine?: true;
}

export interface MessageStructure {
  /** The first line, when the message opens with a short title line above more text. */
  title?: string;
  /** The person's own lines (title included), lower-cased, tags removed: what intent is read from. */
  prose: string;
  /** The kinds of pasted material the message holds, in order of first appearance. */
  pasted: PastedKind[];
  /** Share of the message's non-empty lines that were pasted material. */
  pastedShare: number;
  /** Every non-empty line, in order (a fenced block's lines carry the block's kind). */
  lines: LineSpan[];
  /** Where the person's own lines sit in the text (offsets into it). */
  ownLines: { start: number; end: number }[];
}

const TITLE_MAX = 140;

// The scanned text spells backticks as quotes.
const FENCE = /^\s*(?:```|~~~|''')/;
const IMAGE = /!\[[^\]]{0,200}\]\(|<img\b/i;
const HTML = /^\s*<\/?[a-z!][^<>]{0,300}>/i;
const LOG = new RegExp(
  [
    String.raw`^\s*\d{4}[/-]\d\d[/-]\d\d[ T]\d\d:\d\d`, // 2024/05/12 10:14:22, ISO timestamps
    String.raw`^\s*\[?\d{1,2}[/ -][A-Z][a-z]{2}[/ -]\d{4}[: ]\d\d:\d\d`, // [26/Jan/2017:14:22:10
    String.raw`^\s*\[\w{3} \w{3} \d{1,2} `, // Apache [Mon Jan 12 ...
    String.raw`^\s*\S{1,60} \S{1,60} \S{1,60} \[\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "`, // access log: 203.0.113.9 - - [02/Jun/2024:10:00:01 +0000] "GET
    String.raw`^\s*\w{3} +\d{1,2} \d\d:\d\d:\d\d `, // syslog
    String.raw`^\s*\[\d{4}-\d\d-\d\d`, // [2024-03-02 11:20:01 +0000]
    String.raw`^\s*\{\s*"(?:level|time|ts|msg|message|timestamp)"`, // JSON logs
    String.raw`^\s*<\d+>`, // syslog priority
    String.raw`^\s*(?:\[\d+\] |\d+ (?:silly|verbose|timing|http|error|warn|info) )`, // npm debug, puma [pid]
    String.raw`^\s*\w[\w.-]{0,40}(?:\.\d+)? +\| `, // docker compose "service_1 | ..."
    String.raw`\b(?:level|lvl)=(?:error|warn|info|debug)\b`,
    String.raw`^\s*(?:E|W|I)\d{4} \d\d:\d\d`, // klog
    String.raw`^\s*(?:\[(?:error|crit|warn|notice|alert|emerg|info)\]|(?:ERROR|WARN(?:ING)?|CRITICAL|FATAL|INFO|DEBUG)\b[:\] ])`,
    String.raw`\*\d+ (?:connect|recv|upstream|no live|SSL|send|readv|writev)`, // nginx "*123 connect() ..."
    String.raw`\bAH\d{5}:`,
  ].join('|'),
);
const TRACE = /^\s*(?:at [\w$.<>]+[ (]|Traceback \(most recent call last\)|File "[^"]{1,200}", line \d+|[\w.]{3,80}(?:Exception|Error)(?::|$)|Caused by: |goroutine \d+ \[|panic: |\.\.\. \d+ more$)/;
const HEADERS = /^\s*(?:[<>] )?(?:HTTP\/[\d.]+ \d{3}\b|[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+: \S|(?:Server|Date|Via|Connection|Location|Age|Vary|ETag|Expires|Host|Accept|Cookie|Set-Cookie|Content-Type|Content-Length): \S|[<>*] )/;
const COMMAND = /^\s*(?:[$#%] \S|(?:\(\w[\w.-]*\) )?\$ |(?:sudo|curl|wget|kubectl|docker|docker-compose|podman|systemctl|journalctl|service|npm|npx|yarn|pnpm|pip|python3?|node|git|helm|nginx -|apachectl|haproxy -|ss|netstat|ps|tail|cat|ls|cd|ping|dig|nslookup|telnet|nc) (?:-|\S)).{0,400}$/;
// The last alternative, a dotted key ("app.port = 3000"), takes the key's run of characters whole
// (a lookahead and its backreference): splitting a long run at each of its dots in turn is quadratic.
const CONFIG = /(?:[;{}]\s*(?:#.*)?$|^\s*(?:location|server_name|proxy_pass|proxy_set_header|fastcgi_pass|uwsgi_pass|upstream|listen|root|include|ProxyPass(?:Reverse)?|<\/?(?:VirtualHost|Location|Directory)|RewriteRule|backend|frontend|reverse_proxy|handle|route|rule|entryPoints|labels|ports|image|services|apiVersion|kind|metadata|spec|annotations|env|environment|command|volumes|networks|containerPort|targetPort|port|host|path)\b\s*[:=]?|^\s*- ["']?[\w.-]+[=:]|^\s*(?=[\w.-]+\.[\w.-])(?=(?<key>[\w.-]+))\k<key>\s*[:=]\s*\S)/i;
const YAML_KEY = /^\s{2,}[\w.-]+:(?:\s|$)/;
const DETAILS = /^\s*(?:[-*] )?(?:\*\*)?[A-Z][\w ./()-]{1,30}(?:\*\*)?\s*[:：]\s*(?:\*\*)?\S[^.?!]{0,80}$/;
const TEMPLATE = /^\s*(?:#{1,6} |\*\*[^*]{2,80}\*\*:?\s*$|[-*] \[[ xX]\] |<!--|-->|_No response_$)/;
const QUOTE = /^\s*> /;

/** Words of a line; a line of pasted material is mostly symbols, numbers and identifiers. */
function wordShare(line: string): number {
  const words = line.match(/\b[a-z]{2,}\b/gi)?.length ?? 0;
  const tokens = line.split(/\s+/).filter(Boolean).length;
  return tokens === 0 ? 0 : words / tokens;
}

function kindOfLine(line: string): PastedKind | undefined {
  if (IMAGE.test(line)) return 'image';
  if (HTML.test(line)) return 'page';
  if (TEMPLATE.test(line)) return 'template';
  if (QUOTE.test(line)) return 'quote';
  if (LOG.test(line)) return 'log';
  if (TRACE.test(line)) return 'trace';
  if (COMMAND.test(line)) return 'command';
  if (HEADERS.test(line)) return 'headers';
  if (CONFIG.test(line) || YAML_KEY.test(line)) return 'config';
  if (DETAILS.test(line)) return 'details';
  if (wordShare(line) < 0.4) return 'config';
  return undefined;
}

/** The kind of a fenced block, from its lines. */
function kindOfBlock(lines: readonly string[]): PastedKind {
  const counts = new Map<PastedKind, number>();
  for (const line of lines) {
    const kind = kindOfLine(line);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : 'config';
}

/** The kind of evidence that makes up at least half of a line, if any. */
function coveredBy(lineStart: number, lineEnd: number, spans: readonly EvidenceSpan[]): PastedKind | undefined {
  const length = lineEnd - lineStart;
  for (const span of spans) {
    const inside = Math.min(span.end, lineEnd) - Math.max(span.start, lineStart);
    if (length > 0 && inside / length >= 0.5) return span.kind;
  }
  return undefined;
}

/**
 * Splits a message into the person's own words and pasted material. `spans` are the places where
 * evidence was recognised: a line that is mostly an error page's wording or a log line was pasted.
 */
export function readStructure(text: string, spans: readonly EvidenceSpan[] = []): MessageStructure {
  const lines = text.split('\n');
  const spansOfLines: LineSpan[] = [];
  const prose: string[] = [];
  const pasted: PastedKind[] = [];
  const note = (kind: PastedKind) => {
    if (!pasted.includes(kind)) pasted.push(kind);
  };
  let nonEmpty = 0;
  let pastedLines = 0;
  let offset = 0;
  let fence: { lines: string[]; spans: LineSpan[] } | undefined;
  let title: string | undefined;
  const closeFence = (block: { lines: string[]; spans: LineSpan[] }) => {
    const kind = kindOfBlock(block.lines);
    if (block.lines.length > 0) note(kind);
    for (const span of block.spans) span.pasted = kind;
    pastedLines += block.lines.length;
    nonEmpty += block.lines.length;
  };

  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    if (FENCE.test(line)) {
      if (fence) {
        closeFence(fence);
        fence = undefined;
      } else fence = { lines: [], spans: [] };
      continue;
    }
    if (!line.trim()) continue;
    if (fence) {
      fence.lines.push(line);
      const span: LineSpan = { start, end: start + line.length };
      fence.spans.push(span);
      spansOfLines.push(span);
      continue;
    }
    nonEmpty += 1;
    // The first line is the title or the whole question, whatever it quotes, unless it is markup.
    const isFirst = nonEmpty === 1;
    const kind = isFirst
      ? (IMAGE.test(line) ? 'image' : HTML.test(line) ? 'page' : undefined)
      : (coveredBy(start, start + line.length, spans) ?? kindOfLine(line));
    if (kind) {
      note(kind);
      pastedLines += 1;
      spansOfLines.push({ start, end: start + line.length, pasted: kind });
      continue;
    }
    if (isFirst && line.trim().length <= TITLE_MAX) title = line.trim();
    prose.push(line);
    const logLine = isFirst && (LOG.test(line) || coveredBy(start, start + line.length, spans) === 'log');
    spansOfLines.push({ start, end: start + line.length, ...(logLine ? { logLine } : {}) });
  }
  if (fence) closeFence(fence);
  // A title is only a title above more text; a one-line message is all prose.
  if (prose.length <= 1 && pastedLines === 0) title = undefined;
  return {
    ...(title ? { title } : {}),
    prose: prose.join('\n').replace(/<[^<>]{0,200}>/g, ' ').toLowerCase(),
    pasted,
    pastedShare: nonEmpty === 0 ? 0 : pastedLines / nonEmpty,
    lines: spansOfLines,
    ownLines: spansOfLines.filter((line) => !line.pasted),
  };
}
