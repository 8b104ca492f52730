import { open } from 'node:fs/promises';
import { tooLargeError } from './screenshot-reader.js';
import { ScreenshotError } from './types.js';

const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
};

function cannotOpen(path: string, reason: string): ScreenshotError {
  return new ScreenshotError('unreadable', `I could not open the screenshot "${path}": ${reason}.`);
}

/** A screenshot's bytes from disk; the size cap is checked before anything is read into memory. */
export async function readScreenshotFile(path: string, maxBytes: number): Promise<Buffer> {
  try {
    const file = await open(path, 'r');
    try {
      const stats = await file.stat();
      if (stats.isDirectory()) throw cannotOpen(path, REASONS.EISDIR!);
      if (stats.size > maxBytes) throw tooLargeError(stats.size, maxBytes);
      return await file.readFile();
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof ScreenshotError) throw error;
    const { code = '', message } = error as NodeJS.ErrnoException;
    throw cannotOpen(path, REASONS[code] ?? message);
  }
}
