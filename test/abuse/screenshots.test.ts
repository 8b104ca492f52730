import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/runtime/config.js';
import { blankPng, drawnPage, noisePng } from '../vision/images.js';
import { send, type ChatReply } from './helpers/client.js';
import { serveBot, type Served } from './helpers/served.js';

/**
 * Finding 4: noise screenshots that each run into the reading timeout made an honest small
 * screenshot wait 46 s, and a thin strip was blown up to 614 megapixels. Through the real web
 * server, bot, queue and OCR reader (a 6 s reading timeout keeps the test short).
 */

let served: Served;
let url: string;
beforeAll(async () => {
  served = await serveBot(loadConfig({ STORE_URL: 'memory:' }), { start: { reader: { timeoutMs: 6_000 } } });
  url = served.url;
});
afterAll(() => served.close());

async function screenshot(png: Buffer, from: string): Promise<ChatReply | undefined> {
  const answer = await send(`${url}/api/screenshot`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png, from });
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { replies: ChatReply[] }).replies.at(-1);
}

describe('finding 4: the screenshot queue cannot be clogged', () => {
  it('answers an honest client "busy, try again" while another client holds the reader, and /healthz answers', async () => {
    const noise = await noisePng(1_200, 900);
    const pending = new Set<number>();
    const attacker = [0, 1, 2].map((i) => {
      pending.add(i);
      return screenshot(noise, '127.0.0.2').finally(() => pending.delete(i));
    });
    // One of the three is read; the client's other two are answered without waiting for it.
    await vi.waitFor(() => expect(pending.size).toBe(1), { timeout: 5_000, interval: 20 });
    const immediate = await Promise.all(attacker.filter((_, i) => !pending.has(i)));
    for (const reply of immediate) expect(reply?.text).toMatch(/still reading your previous screenshot/);

    const honest = await drawnPage('502 Bad Gateway', 'nginx/1.22.1').png().toBuffer();
    const reply = await screenshot(honest, '127.0.0.3');
    expect(reply).toMatchObject({ kind: 'error', text: expect.stringMatching(/reading other screenshots right now.*again/) });
    expect(pending.size).toBe(1);
    expect((await send(`${url}/healthz`)).status).toBe(200);

    // The one read ends in the time limit or as unreadable noise, depending on the machine's speed.
    const read = (await Promise.all(attacker)).filter((r) => !/still reading your previous screenshot/.test(r?.text ?? ''));
    expect(read).toHaveLength(1);
    expect(read[0]?.text).toMatch(/took longer than 6 seconds|All I could make out/);
    // The reader is free again: the honest screenshot is read now.
    expect((await screenshot(honest, '127.0.0.3'))?.kind).not.toBe('error');
  }, 60_000);

  it('refuses a 16×2,400,000 strip from its header, before any decoding or resizing', async () => {
    const strip = await blankPng(16, 2_400_000);
    const reply = await screenshot(strip, '127.0.0.4');
    expect(reply).toMatchObject({ kind: 'error', text: 'That image is 16×2400000 pixels; I can read screenshots up to 32,767 pixels on a side.' });
  });
});
