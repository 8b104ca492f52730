import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { TurnInput } from '../../core/bot.js';
import type { Reply } from '../../core/reply/model.js';
import { loadConfig } from '../../runtime/config.js';
import { startBot } from '../../runtime/bot.js';
import { CliError } from '../errors.js';
import { replyPrinter } from '../reply-printer.js';

/** A line is a message, or `{"action": ID}` for a button; in a terminal a number presses a button. */
export function parseChatLine(line: string, lastReply: Reply | undefined, interactive: boolean): TurnInput | { error: string } {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown;
      if (value && typeof value === 'object' && typeof (value as { action?: unknown }).action === 'string') {
        return { action: (value as { action: string }).action };
      }
      if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
        return { text: (value as { text: string }).text };
      }
      return { error: 'a JSON line must be {"action": "ID"} or {"text": "…"}' };
    } catch {
      return { text: line };
    }
  }
  const button = interactive && /^\d{1,2}$/.test(trimmed) ? lastReply?.actions[Number(trimmed) - 1] : undefined;
  return button ? { action: button.id } : { text: line };
}

export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('a conversation in the terminal; when piped, one turn per input line')
    .option('--json', 'print one reply-model JSON object per line')
    .option('--session <id>', 'resume or name a stored conversation')
    .action(async (options: { json?: boolean; session?: string }) => {
      if (options.session !== undefined && !/^[\w.:-]{1,128}$/.test(options.session)) {
        throw new CliError('--session takes an id of letters, digits, ".", ":", "_" or "-" (at most 128)');
      }
      const interactive = Boolean(process.stdin.isTTY);
      const running = startBot(loadConfig());
      const sessionId = options.session ?? randomUUID();
      const printer = replyPrinter(process.stdout, { json: options.json, ...(interactive ? { prefix: '\nupdoc: ' } : {}) });
      const lines = createInterface({ input: process.stdin, ...(interactive ? { output: process.stdout, prompt: '\nyou: ' } : {}), crlfDelay: Infinity });
      if (interactive && !options.json) {
        process.stdout.write(`updoc — session ${sessionId} (resume with --session ${sessionId}). Ctrl+D to leave.\n`);
        lines.prompt();
      }
      let last: Reply | undefined;
      try {
        for await (const line of lines) {
          if (line.trim() === '') {
            if (interactive) lines.prompt();
            continue;
          }
          const input = parseChatLine(line, last, interactive);
          if ('error' in input) {
            process.stderr.write(`updoc: ${input.error}\n`);
          } else {
            const replies = await running.bot.handleTurn(sessionId, input, (reply) => printer.print(reply));
            last = replies.at(-1);
          }
          if (interactive) lines.prompt();
        }
      } finally {
        await running.close();
      }
    });
}
