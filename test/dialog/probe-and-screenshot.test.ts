import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/core/bot.js';
import type { ProbeFindings, ProberPort, ProbeStep, ScreenshotReaderPort } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/reply/model.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { realDiagnoser } from '../helpers/conversation.js';

/** A local prober that reports a fixed finding after the usual phases, recording what it was asked. */
class LocalProber implements ProberPort {
  readonly asked: string[] = [];
  constructor(private readonly findings: Omit<ProbeFindings, 'url'>) {}
  async probe(url: string, options?: { onProgress?: (step: ProbeStep) => void }): Promise<ProbeFindings> {
    this.asked.push(url);
    for (const detail of ['DNS', 'connect', 'TLS', `HTTP ${this.findings.status}`]) options?.onProgress?.({ step: detail, ok: true, detail });
    return { url, ...this.findings };
  }
}

/** A local reader that "reads" the bytes as UTF-8 text: the bot's handling of screenshots, without OCR. */
const textReader: ScreenshotReaderPort = {
  async read(image) {
    if (image.subarray(0, 3).toString() === 'GIF') throw Object.assign(new Error('That file is a GIF; I can read PNG, JPEG and WebP screenshots.'), { code: 'unsupported_format' });
    return { text: image.toString('utf8') };
  },
};

const gateway502: Omit<ProbeFindings, 'url'> = {
  verdict: 'gateway_error',
  status: 502,
  vendor: 'nginx',
  cause: 'unknown',
  dns: 'resolved',
  pattern: 'steady',
  error: null,
  summary: 'it answered 502 Bad Gateway from nginx on 3 of 3 attempts.',
};

function bot(options: { prober?: ProberPort; reader?: ScreenshotReaderPort } = {}) {
  return new Bot({ diagnoser: realDiagnoser(), store: new MemoryStore(), ...options });
}

describe('live checks in the conversation', () => {
  it('checks a URL from the message, streams progress, and tells a visitor it is down for everyone', async () => {
    const prober = new LocalProber(gateway502);
    const heard: Reply[] = [];
    const replies = await bot({ prober }).handleTurn('p1', { text: 'is https://shop.example.com down? I get 502' }, (r) => heard.push(r));
    expect(prober.asked).toEqual(['https://shop.example.com']);
    const progress = replies.filter((r) => r.kind === 'progress');
    expect(progress.length).toBe(4);
    expect(progress.at(-1)?.text).toBe('Checking shop.example.com… DNS ✓ connect ✓ TLS ✓ HTTP 502 ✓');
    const final = replies.at(-1);
    expect(final?.kind).not.toBe('progress');
    expect(final?.text).toMatch(/down for everyone/);
    expect(final?.probe).toMatchObject({ verdict: 'gateway_error', vendor: 'nginx' });
    expect(final?.diagnosis.vendor).toBe('nginx');
    expect(heard).toEqual(replies);
  });

  it('asks for the address when a check is requested without one, then checks it', async () => {
    const prober = new LocalProber({ ...gateway502, verdict: 'up', status: 200, vendor: 'unknown', summary: 'it answered 200 OK in 80 ms on 3 of 3 attempts.' });
    const b = bot({ prober });
    const [question] = await b.handleTurn('p2', { text: 'can you check my website please' });
    expect(question?.kind).toBe('answer');
    expect(question?.text).toMatch(/address/);
    const replies = await b.handleTurn('p2', { text: 'it is blog.example.org' });
    expect(prober.asked).toEqual(['https://blog.example.org']);
    expect(replies.at(-1)?.text).toMatch(/blog\.example\.org/);
  });

  it('does not ask for the address when it cannot check sites', async () => {
    const [reply] = await bot().handleTurn('p3', { text: 'can you check my website please' });
    expect(reply?.actions.some((a) => a.id.startsWith('fact:url'))).toBe(false);
    expect(reply?.text).not.toMatch(/What is the address of the site/);
  });
});

describe('screenshots in the conversation', () => {
  it('reads the evidence from a screenshot and says so', async () => {
    const page = Buffer.from('Bad gateway Error code 502\nVisit cloudflare.com for more information.\nYou Browser Working Cloudflare Working example.com Host Error\nCloudflare Ray ID: 8a530e14471928f2');
    const replies = await bot({ reader: textReader }).handleTurn('s1', { text: 'what is this page?', image: { bytes: page, filename: 'shot.png' } });
    const reply = replies.at(-1);
    expect(reply?.diagnosis.vendor).toBe('cloudflare');
  });

  it('passes on the reader\'s own message for an unreadable file', async () => {
    const [reply] = await bot({ reader: textReader }).handleTurn('s2', { image: { bytes: Buffer.from('GIF89a....') } });
    expect(reply?.kind).toBe('error');
    expect(reply?.text).toMatch(/GIF/);
  });

  it('says plainly when screenshots cannot be read here', async () => {
    const [reply] = await bot().handleTurn('s3', { image: { bytes: Buffer.from('x') } });
    expect(reply?.kind).toBe('error');
    expect(reply?.text).toMatch(/can't read screenshots/);
  });
});
