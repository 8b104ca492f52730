import { describe, expect, it } from 'vitest';
import { BodyReader, framingOf } from '../../src/probe/body-reader.js';
import { findHeadEnd, looksLikeHttp, parseHead } from '../../src/probe/response-head.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds one byte at a time, the worst split a network can make. */
function feedByByte(reader: BodyReader, text: string): boolean {
  let done = false;
  for (const byte of bytes(text)) done = reader.push(Buffer.from([byte]));
  return done;
}

describe('the response head', () => {
  it('parses the status line and headers, joining repeated ones and skipping lines that are not headers', () => {
    const head = parseHead('HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nVia: a\r\nnot a header\r\nVIA: b\r\nX-Empty:\r\n');
    expect(head).toMatchObject({ status: 502, reason: 'Bad Gateway', headers: { server: 'nginx', via: 'a, b', 'x-empty': '' } });
  });

  it('accepts a status line without a reason and bare LF line ends', () => {
    expect(parseHead('HTTP/1.0 200\nContent-Length: 2')).toMatchObject({ status: 200, reason: '', headers: { 'content-length': '2' } });
    expect(findHeadEnd(bytes('HTTP/1.0 200\n\nok'))).toEqual({ headLength: 12, bodyStart: 14 });
    expect(findHeadEnd(bytes('HTTP/1.1 200 OK\r\n\r\nok'))).toEqual({ headLength: 15, bodyStart: 19 });
    expect(findHeadEnd(bytes('HTTP/1.1 200 OK\r\n'))).toBeNull();
  });

  it('tells early when the bytes cannot be HTTP', () => {
    expect(looksLikeHttp(bytes('HT'))).toBeUndefined();
    expect(looksLikeHttp(bytes('HTTP/1.1'))).toBe(true);
    expect(looksLikeHttp(bytes('HELLO'))).toBe(false);
    expect(looksLikeHttp(bytes('SSH-2.0'))).toBe(false);
    expect(parseHead('HTTP/1.1 abc Nope')).toMatch(/not HTTP/);
  });
});

describe('the body reader', () => {
  it('knows each framing', () => {
    expect(framingOf(204, { 'content-length': '5' })).toEqual({ kind: 'none' });
    expect(framingOf(304, {})).toEqual({ kind: 'none' });
    expect(framingOf(200, { 'transfer-encoding': 'gzip, chunked', 'content-length': '5' })).toEqual({ kind: 'chunked' });
    expect(framingOf(200, { 'content-length': '5' })).toEqual({ kind: 'length', length: 5 });
    expect(framingOf(200, { 'content-length': '0' })).toEqual({ kind: 'none' });
    expect(framingOf(502, {})).toEqual({ kind: 'close' });
  });

  it('decodes a chunked body split at every byte, trailers included', () => {
    const reader = new BodyReader({ kind: 'chunked' }, 1024);
    expect(feedByByte(reader, '5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: yes\r\n\r\n')).toBe(true);
    expect(reader.body().toString()).toBe('hello, world');
    expect(reader.problem()).toBeNull();
  });

  it('says when a chunked body ends early or is malformed', () => {
    const early = new BodyReader({ kind: 'chunked' }, 1024);
    early.push(bytes('5\r\nhel'));
    expect(early.problem()).toBe('the body ended before its last chunk');
    const malformed = new BodyReader({ kind: 'chunked' }, 1024);
    expect(malformed.push(bytes('zz\r\n'))).toBe(true);
    expect(malformed.problem()).toMatch(/not a chunk size/);
  });

  it('stops at the announced length and says when fewer bytes came', () => {
    const complete = new BodyReader({ kind: 'length', length: 5 }, 1024);
    expect(complete.push(bytes('helloEXTRA'))).toBe(true);
    expect(complete.body().toString()).toBe('hello');
    const short = new BodyReader({ kind: 'length', length: 100 }, 1024);
    expect(short.push(bytes('partial'))).toBe(false);
    expect(short.problem()).toBe('the body ended after 7 of 100 bytes');
  });

  it('keeps no more than the cap, and a capped body is no problem', () => {
    const reader = new BodyReader({ kind: 'close' }, 4);
    expect(reader.push(bytes('ab'))).toBe(false);
    expect(reader.push(bytes('cdef'))).toBe(true);
    expect(reader.body().toString()).toBe('abcd');
    expect(reader.capped).toBe(true);
    expect(reader.problem()).toBeNull();
  });
});
