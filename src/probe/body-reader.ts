/** How the end of a response body is known (RFC 9112 §6.3, for a GET). */
export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export function framingOf(status: number, headers: Record<string, string>): Framing {
  if (status < 200 || status === 204 || status === 304) return { kind: 'none' };
  if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) return { kind: 'chunked' };
  const length = headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) return Number(length) === 0 ? { kind: 'none' } : { kind: 'length', length: Number(length) };
  return { kind: 'close' };
}

const MAX_CHUNK_LINE = 1024;

/** Collects a response body up to a cap, decoding chunked transfer coding as it arrives. */
export class BodyReader {
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private received = 0;
  private chunk: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private chunkLeft = 0;
  private line = '';
  private malformed: string | null = null;
  /** The cap was reached: the rest was not read. */
  capped = false;
  complete: boolean;

  constructor(private readonly framing: Framing, private readonly cap: number) {
    this.complete = framing.kind === 'none';
  }

  /** Takes more bytes; true when nothing more needs reading. */
  push(data: Buffer): boolean {
    if (this.framing.kind === 'none') return true;
    if (this.framing.kind === 'chunked') this.pushChunked(data);
    else {
      const before = this.received;
      this.received += data.length;
      if (this.framing.kind === 'length') {
        this.keep(data.subarray(0, Math.max(0, this.framing.length - before)));
        this.complete = this.received >= this.framing.length;
      } else this.keep(data);
    }
    return this.complete || this.capped || this.malformed !== null;
  }

  /** After the connection ended: what was wrong with the body, if anything. */
  problem(): string | null {
    if (this.malformed) return this.malformed;
    if (this.complete || this.capped || this.framing.kind === 'close') return null;
    if (this.framing.kind === 'length') return `the body ended after ${this.received} of ${this.framing.length} bytes`;
    return 'the body ended before its last chunk';
  }

  body(): Buffer {
    return Buffer.concat(this.kept);
  }

  private keep(data: Buffer): void {
    const room = this.cap - this.keptBytes;
    if (data.length > room) this.capped = true;
    const part = data.subarray(0, room);
    if (part.length > 0) {
      this.kept.push(part);
      this.keptBytes += part.length;
    }
  }

  private pushChunked(data: Buffer): void {
    let at = 0;
    while (at < data.length && !this.complete && !this.capped && this.malformed === null) {
      if (this.chunk === 'data') {
        const take = Math.min(this.chunkLeft, data.length - at);
        this.keep(data.subarray(at, at + take));
        this.chunkLeft -= take;
        at += take;
        if (this.chunkLeft === 0) this.chunk = 'data-end';
        continue;
      }
      const newline = data.indexOf(10, at);
      this.line += data.subarray(at, newline === -1 ? data.length : newline).toString('latin1');
      if (this.line.length > MAX_CHUNK_LINE) this.malformed = 'malformed chunked body: a chunk line is too long';
      if (newline === -1) return;
      at = newline + 1;
      const line = this.line.trim();
      this.line = '';
      this.endOfLine(line);
    }
  }

  private endOfLine(line: string): void {
    if (this.chunk === 'data-end') {
      this.chunk = 'size';
    } else if (this.chunk === 'trailer') {
      if (line === '') this.complete = true;
    } else {
      const size = /^[\da-f]+/i.exec(line);
      if (!size) {
        this.malformed = `malformed chunked body: "${line.slice(0, 40)}" is not a chunk size`;
        return;
      }
      this.chunkLeft = parseInt(size[0], 16);
      this.chunk = this.chunkLeft === 0 ? 'trailer' : 'data';
    }
  }
}
