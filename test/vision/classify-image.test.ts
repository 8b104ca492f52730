import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, scratchDir } from '../helpers/cli.js';
import { drawnPage, gif, truncatedPng } from './images.js';

let dir: string;

beforeAll(async () => {
  dir = scratchDir('updoc-classify-image-');
  writeFileSync(join(dir, 'nginx.png'), await drawnPage().png().toBuffer());
  writeFileSync(join(dir, 'timeout.jpg'), await drawnPage('504 Gateway Time-out', 'nginx').jpeg({ quality: 70 }).toBuffer());
  writeFileSync(join(dir, 'animated.gif'), await gif());
  writeFileSync(join(dir, 'broken.png'), await truncatedPng());
});

const line = (value: Record<string, string>) => `${JSON.stringify(value)}\n`;

describe('updoc classify with screenshots', () => {
  it('reads each line\'s screenshot, reports unreadable ones on their line, and goes on', async () => {
    const input = [
      line({ id: 'shot', image: 'nginx.png' }),
      line({ id: 'gif', image: 'animated.gif' }),
      line({ id: 'both', text: 'our shop is down since the deploy', image: join(dir, 'timeout.jpg') }),
      line({ id: 'missing', image: 'nowhere.png' }),
      line({ id: 'broken', text: '502 Bad Gateway', image: 'broken.png' }),
      line({ id: 'text', text: 'connect() failed (111: Connection refused) while connecting to upstream' }),
    ].join('');
    const result = await runCli(['classify'], { input, cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [shot, gifLine, both, missing, broken, text] = jsonLines(result.stdout);

    expect(shot).toMatchObject({ id: 'shot', vendor: 'nginx' });
    expect(gifLine).toEqual({ id: 'gif', error: '"animated.gif" is a GIF; I can read PNG, JPEG and WebP screenshots.' });
    expect(both).toMatchObject({ id: 'both', vendor: 'nginx', cause: 'upstream_timeout' });
    expect(missing).toEqual({ id: 'missing', error: 'I could not open the screenshot "nowhere.png": there is no such file.' });
    expect(broken).toEqual({ id: 'broken', error: 'That PNG file is damaged or incomplete, so I could not read it.' });
    expect(text).toMatchObject({ id: 'text', vendor: 'nginx', cause: 'upstream_down' });
  }, 120_000);
});
