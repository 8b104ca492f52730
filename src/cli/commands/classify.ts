import { basename } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Diagnoser } from '../../core/diagnose.js';
import { loadDiagnoser } from '../../runtime/diagnoser.js';
import { createScreenshotReader } from '../../runtime/vision.js';
import { readScreenshotFile } from '../../vision/read-file.js';
import { DEFAULT_MAX_SCREENSHOT_BYTES } from '../../vision/screenshot-reader.js';
import { ScreenshotError, type ScreenshotReader } from '../../vision/types.js';
import { forEachLine, writeJsonLine } from '../json-lines.js';

export const ClassifyInput = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    text: z.string().optional(),
    image: z.string().min(1).optional(),
  })
  .refine((v) => v.text !== undefined || v.image !== undefined, { message: 'a line needs "text" or "image"' });

type Id = string | number | null;

export type ClassifyOutput =
  | { id: Id; intent: string; vendor: string; upstream: string; cause: string; article: string | null; confidence: number }
  | { id: Id; error: string };

/** Screenshots are read only when a line has one: text-only runs never start OCR. */
export type ScreenshotReaderSource = () => ScreenshotReader;

/** The text of a screenshot file, or the message that says why it cannot be read. */
async function screenshotText(readers: ScreenshotReaderSource, path: string): Promise<{ text: string } | { error: string }> {
  try {
    const image = await readScreenshotFile(path, DEFAULT_MAX_SCREENSHOT_BYTES);
    return { text: (await readers().read(image, { filename: basename(path) })).text };
  } catch (error) {
    if (error instanceof ScreenshotError) return { error: error.message };
    throw error;
  }
}

/** Classifies one JSON line from its text and its screenshot's text; a bad line or image yields an error object. */
export async function classifyLine(diagnoser: Diagnoser, readers: ScreenshotReaderSource, line: string): Promise<ClassifyOutput> {
  if (line.trim() === '') return { id: null, error: 'empty line' };
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: null, error: 'not valid JSON' };
  }
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? ((raw as { id: unknown }).id as string | number) : null;
  const parsed = ClassifyInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `"${issue.path.join('.')}": ` : '';
    return { id: typeof id === 'string' || typeof id === 'number' ? id : null, error: `${where}${issue?.message ?? 'invalid input'}` };
  }
  const input = parsed.data;
  const texts = input.text === undefined ? [] : [input.text];
  if (input.image !== undefined) {
    const screenshot = await screenshotText(readers, input.image);
    if ('error' in screenshot) return { id: input.id ?? null, error: screenshot.error };
    texts.push(screenshot.text);
  }
  const { diagnosis } = diagnoser.analyze(texts.join('\n'));
  return { id: input.id ?? null, ...diagnosis };
}

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('read JSON lines {"id","text","image"} on stdin (image: a PNG, JPEG or WebP screenshot path); write one diagnosis JSON line per input line')
    .action(async () => {
      const diagnoser = loadDiagnoser();
      let reader: ScreenshotReader | undefined;
      const readers = () => (reader ??= createScreenshotReader(diagnoser.kb));
      try {
        await forEachLine(process.stdin, async (line) => writeJsonLine(await classifyLine(diagnoser, readers, line)));
      } finally {
        await reader?.close();
      }
    });
}
