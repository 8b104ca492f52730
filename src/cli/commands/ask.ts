import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../../runtime/config.js';
import { startBot } from '../../runtime/bot.js';
import { MemoryStore } from '../../store/memory-store.js';
import { replyPrinter } from '../reply-printer.js';
import { CliError } from '../errors.js';

export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .argument('<text...>', 'the question, error text or log line')
    .description('one turn: print updoc\'s replies to a message')
    .option('--json', 'print one reply-model JSON object per line')
    .option('--session <id>', 'continue (or start) this stored conversation')
    .action(async (words: string[], options: { json?: boolean; session?: string }) => {
      const text = words.join(' ');
      if (options.session !== undefined && !/^[\w.:-]{1,128}$/.test(options.session)) {
        throw new CliError('--session takes an id of letters, digits, ".", ":", "_" or "-" (at most 128)');
      }
      const config = loadConfig();
      // Without --session the turn is a one-off: nothing is written to disk.
      const running = options.session ? startBot(config) : startBot(config, new MemoryStore());
      try {
        const printer = replyPrinter(process.stdout, { json: options.json });
        await running.bot.handleTurn(options.session ?? randomUUID(), { text }, (reply) => printer.print(reply));
      } finally {
        await running.close();
      }
    });
}
