/** The status line and headers of an HTTP/1.x response, parsed by hand (Node's parser is not exposed). */
export interface ResponseHead {
  status: number;
  reason: string;
  /** Names in lower case; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** The head as received, for reading signatures. */
  text: string;
}

const HTTP_PREFIX = Buffer.from('HTTP/');
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~\w-]+)[ \t]*:[ \t]*(.*?)[ \t]*$/;

/** false as soon as the first bytes cannot start an HTTP response; undefined while too few have arrived. */
export function looksLikeHttp(received: Buffer): boolean | undefined {
  const length = Math.min(received.length, HTTP_PREFIX.length);
  if (!received.subarray(0, length).equals(HTTP_PREFIX.subarray(0, length))) return false;
  return length === HTTP_PREFIX.length ? true : undefined;
}

/** Where the head ends (its blank line, CRLF or bare LF) and the body begins; null while incomplete. */
export function findHeadEnd(received: Buffer): { headLength: number; bodyStart: number } | null {
  const crlf = received.indexOf('\r\n\r\n');
  const lf = received.indexOf('\n\n');
  if (crlf === -1 && lf === -1) return null;
  if (lf === -1 || (crlf !== -1 && crlf < lf)) return { headLength: crlf, bodyStart: crlf + 4 };
  return { headLength: lf, bodyStart: lf + 2 };
}

/** The parsed head, or what is wrong with it. Lines that are not headers are skipped, as browsers do. */
export function parseHead(text: string): ResponseHead | string {
  const [statusLine = '', ...lines] = text.split(/\r?\n/);
  const match = STATUS_LINE.exec(statusLine);
  if (!match) return `the status line is not HTTP: "${statusLine.slice(0, 80)}"`;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const header = HEADER_LINE.exec(line);
    if (!header) continue;
    const name = (header[1] as string).toLowerCase();
    const value = header[2] as string;
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers, text };
}
