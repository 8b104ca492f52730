import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordCommand } from '../command.js';
import { updoc } from './updoc.js';

/** Every slash command by name: the bot routes to them, `updoc discord register` publishes them. */
export const COMMANDS: ReadonlyMap<string, DiscordCommand> = new Map([updoc].map((command) => [command.data.name, command]));

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...COMMANDS.values()].map((command) => command.data.toJSON());
}
