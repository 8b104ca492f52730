import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How a real tool read one snippet placed in one context of a minimal configuration. */
export type Reading = 'ok' | 'unknown' | 'misplaced' | 'invalid';

/** One place a snippet can go: a function that builds the whole configuration file around it. */
export interface ToolContext {
  name: string;
  wrap: (snippet: string, dir: string) => string;
}

/** A web server whose own configuration check decides whether a snippet is valid. */
export interface ConfigTool {
  name: string;
  /** Tried in order; the first that accepts the snippet wins. */
  contexts: ToolContext[];
  /** An unknown keyword is unknown in every context (nginx, Apache), so one try tells. */
  unknownEverywhere: boolean;
  /** The snippet as a configuration file holds it (a closing `;`, host names that never resolve). */
  normalise: (snippet: string) => string;
  /** The command line that checks a configuration file. */
  command: (file: string, dir: string) => [string, string[]];
  /** Reads a failed check: an unknown keyword, a keyword not allowed here, or a wrong snippet. */
  classify: (output: string) => Exclude<Reading, 'ok'>;
  fileName: string;
  /** Puts files the configuration may include into its folder. */
  prepare?: (dir: string) => void;
  /** Whether a finished check accepted the file; by default a zero exit status. */
  accepts?: (code: number, output: string) => boolean;
}

export interface Verdict {
  tool: string;
  reading: Reading;
  /** The context that accepted the snippet, or the one whose error is reported. */
  context?: string;
  output: string;
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 20_000, env: { ...process.env, HOME: tmpdir() } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

const firstWord = (snippet: string) => snippet.trim().split(/\s+/)[0] ?? '';

/**
 * Checks snippets with one tool. A snippet belongs to the tool when the tool knows its first
 * keyword (asked once per keyword, alone, in each context); it must then be valid in one of the
 * contexts. A keyword the tool knows but no context accepts makes the snippet invalid.
 */
export class SnippetChecker {
  private readonly known = new Map<string, Promise<boolean>>();

  constructor(readonly tool: ConfigTool) {}

  /** Whether the tool knows this keyword in any of the contexts. */
  knows(word: string, contexts = this.tool.contexts): Promise<boolean> {
    const key = `${word}\u0000${contexts.map((c) => c.name).join(',')}`;
    let answer = this.known.get(key);
    if (!answer) {
      answer = (async () => {
        for (const context of contexts) {
          const { accepted, output } = await this.runIn(context, word);
          if (accepted || this.tool.classify(output) !== 'unknown') return true;
          if (this.tool.unknownEverywhere) return false;
        }
        return false;
      })();
      this.known.set(key, answer);
    }
    return answer;
  }

  async check(snippet: string, contexts = this.tool.contexts): Promise<Verdict> {
    if (!(await this.knows(firstWord(snippet), contexts))) return { tool: this.tool.name, reading: 'unknown', output: '' };
    let misplaced: Verdict | undefined;
    for (const context of contexts) {
      const { accepted, output } = await this.runIn(context, snippet);
      if (accepted) return { tool: this.tool.name, reading: 'ok', context: context.name, output };
      const reading = this.tool.classify(output);
      const verdict: Verdict = { tool: this.tool.name, reading: 'invalid', context: context.name, output };
      // A plain error is the answer; "not allowed here" may pass in a later context; words the
      // tool cannot read as its own line (prose around a keyword) are not its snippet.
      if (reading === 'invalid') return verdict;
      if (reading === 'unknown' && this.tool.unknownEverywhere) return { tool: this.tool.name, reading: 'unknown', output };
      if (reading === 'misplaced') misplaced ??= verdict;
    }
    return misplaced ?? { tool: this.tool.name, reading: 'unknown', output: '' };
  }

  private async runIn(context: ToolContext, snippet: string): Promise<{ accepted: boolean; output: string }> {
    const dir = mkdtempSync(join(tmpdir(), `updoc-${this.tool.name}-`));
    try {
      const file = join(dir, this.tool.fileName);
      this.tool.prepare?.(dir);
      writeFileSync(file, context.wrap(this.tool.normalise(snippet), dir));
      const [command, args] = this.tool.command(file, dir);
      const { code, output } = await run(command, args);
      return { accepted: this.tool.accepts ? this.tool.accepts(code, output) : code === 0, output };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Host names in URLs become 127.0.0.1, so a configuration check never asks DNS. */
export function withoutHostNames(snippet: string): string {
  return snippet.replace(/\b([a-z][a-z0-9+.-]*:\/\/)(?!\d{1,3}(?:\.\d{1,3}){3}\b|\[|localhost\b|unix:)[a-z0-9][a-z0-9.-]*/gi, '$1127.0.0.1');
}
