import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/core/bot.js';
import { createScreenshotReader } from '../../src/runtime/vision.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { ScreenshotReader } from '../../src/vision/types.js';
import { realDiagnoser } from '../helpers/conversation.js';
import { drawnPage } from './images.js';

let reader: ScreenshotReader;
let bot: Bot;

beforeAll(() => {
  const diagnoser = realDiagnoser();
  reader = createScreenshotReader(diagnoser.kb);
  bot = new Bot({ diagnoser, store: new MemoryStore(), reader });
});

afterAll(() => reader?.close());

describe('a screenshot too blurred to read', () => {
  it('is answered with what was read, and a request for the text or a sharper shot', async () => {
    const image = await drawnPage().blur(6).jpeg({ quality: 60 }).toBuffer();
    const { text, confidence } = await reader.read(image);
    expect(confidence).toBeLessThan(0.5);

    const replies = await bot.handleTurn('blurred', { image: { bytes: image, filename: 'photo.jpg' } });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ kind: 'error' });
    expect(replies[0]!.text).toContain(`"${text.replace(/\s+/g, ' ').trim()}"`);
    expect(replies[0]!.text).toMatch(/paste the error's text, or send a sharper screenshot/);
  }, 60_000);

  it('but a clear page that names no product is answered as what it says', async () => {
    const replies = await bot.handleTurn('bare', { image: { bytes: await drawnPage('502 Bad Gateway', '').png().toBuffer() } });
    const answer = replies.at(-1)!;
    expect(answer.kind).not.toBe('error');
    expect(answer.diagnosis.vendor).toBe('unknown');
  }, 60_000);
});
