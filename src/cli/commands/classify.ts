import type { Command } from 'commander';
import { z } from 'zod';
import type { Diagnoser } from '../../core/diagnose.js';
import { loadDiagnoser } from '../../runtime/diagnoser.js';
import { forEachLine, writeJsonLine } from '../json-lines.js';

export const ClassifyInput = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    text: z.string().optional(),
    image: z.string().min(1).optional(),
  })
  .refine((v) => v.text !== undefined || v.image !== undefined, { message: 'a line needs "text" or "image"' });

export type ClassifyOutput =
  | { id: string | number | null; intent: string; vendor: string; upstream: string; cause: string; article: string | null; confidence: number; warnings?: string[] }
  | { id: string | number | null; error: string };

const NO_VISION = 'screenshots cannot be read by this build yet (screenshot reading is not installed), so the image was not read';

/** Classifies one JSON line; a bad line yields an error object, never an exception. */
export function classifyLine(diagnoser: Diagnoser, line: string): ClassifyOutput {
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
  if (input.text === undefined) return { id: input.id ?? null, error: NO_VISION };
  const { diagnosis } = diagnoser.analyze(input.text);
  return { id: input.id ?? null, ...diagnosis, ...(input.image ? { warnings: [NO_VISION] } : {}) };
}

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('read JSON lines {"id","text","image"} on stdin; write one diagnosis JSON line per input line')
    .action(async () => {
      const diagnoser = loadDiagnoser();
      await forEachLine(process.stdin, (line) => writeJsonLine(classifyLine(diagnoser, line)));
    });
}
