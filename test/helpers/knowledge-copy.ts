import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, scratchDir } from './cli.js';

/** A scratch copy of the real data folders (knowledge/ and intents/), to break one thing in. */
export function copyKnowledge(prefix = 'updoc-kb-'): string {
  const dir = scratchDir(prefix);
  cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
  cpSync(join(ROOT, 'intents'), join(dir, 'intents'), { recursive: true });
  return dir;
}

/** Rewrites a data file (path relative to the copy) through a text transform. */
export function editText(dir: string, path: string, edit: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit changed nothing in ${path}`);
  writeFileSync(file, after);
}

/** Parses a YAML data file, lets `edit` change the data in place, and writes it back. */
export function editYaml<T = unknown>(dir: string, path: string, edit: (data: T) => void): void {
  const file = join(dir, path);
  const data = parse(readFileSync(file, 'utf8')) as T;
  edit(data);
  writeFileSync(file, stringify(data, { lineWidth: 0 }));
}
