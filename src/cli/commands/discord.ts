import type { Command } from 'commander';
import { loadConfig } from '../../runtime/config.js';
import { CliError } from '../errors.js';

export function registerDiscordCommand(program: Command): void {
  const discord = program.command('discord').description('the Discord bot');
  discord
    .command('register')
    .description('register the /updoc slash command: in one server with --guild (instant, for testing) or globally')
    .option('--guild <id>', 'register in this server (guild) only')
    .action(async (options: { guild?: string }) => {
      if (options.guild !== undefined && !/^\d{1,25}$/.test(options.guild)) throw new CliError('--guild takes a numeric server (guild) id');
      const config = loadConfig();
      const missing = (['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'] as const).filter((name) => !config[name]);
      if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new CliError(`set ${missing.join(' and ')} first (README, "Discord")`);
      // discord.js takes seconds to load: only this command pays for it.
      const { registerCommands } = await import('../../channels/discord/register.js');
      const names = await registerCommands({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        guildId: options.guild,
      }).catch((error: Error) => {
        throw new CliError(error.message, 1);
      });
      process.stdout.write(`registered ${names.map((name) => `/${name}`).join(', ')} ${options.guild ? `in server ${options.guild}` : 'globally'}\n`);
    });
}
