import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Calls `handle` for each line of a stream, in order, waiting for each before reading on. */
export async function forEachLine(input: Readable, handle: (line: string, lineNumber: number) => Promise<void> | void): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    await handle(line, n);
  }
}

export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
