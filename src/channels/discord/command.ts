import type { ChatInputCommandInteraction, SlashCommandOptionsOnlyBuilder } from 'discord.js';
import type { DiscordContext } from './context.js';

/** A slash command: its definition (registered with Discord) beside the handler that answers it. */
export interface DiscordCommand {
  data: SlashCommandOptionsOnlyBuilder;
  execute(interaction: ChatInputCommandInteraction, context: DiscordContext): Promise<void>;
}
