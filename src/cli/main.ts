import { Command, CommanderError } from 'commander';
import { registerAskCommand } from './commands/ask.js';
import { registerChatCommand } from './commands/chat.js';
import { registerClassifyCommand } from './commands/classify.js';
import { registerDiscordCommand } from './commands/discord.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerKbCommands } from './commands/kb-lint.js';
import { registerProbeCommand } from './commands/probe.js';
import { registerReportCommand } from './commands/report.js';
import { registerServeCommand } from './commands/serve.js';
import { ConfigError } from '../runtime/config.js';
import { CliError } from './errors.js';

// A reader that stops early (`updoc … | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('updoc')
  .description('updoc diagnoses "502 Bad Gateway" problems')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .showSuggestionAfterError(true);

registerClassifyCommand(program);
registerAskCommand(program);
registerChatCommand(program);
registerEvalCommand(program);
registerKbCommands(program);
registerProbeCommand(program);
registerServeCommand(program);
registerReportCommand(program);
registerDiscordCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  process.stderr.write(`updoc: ${error instanceof Error ? error.message : String(error)}\n`);
  // A bad setting is bad input, like a bad flag.
  process.exit(error instanceof CliError ? error.exitCode : error instanceof ConfigError ? 2 : 1);
}
