import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import { restBase } from './api-url.js';
import { commandDefinitions } from './commands/index.js';

export interface Registration {
  token: string;
  applicationId: string;
  apiUrl?: string;
  /** A guild's commands update at once (for testing); global ones reach every server. */
  guildId?: string;
}

/** Replaces the application's commands (the guild's or the global ones) with updoc's; resolves with their names. */
export async function registerCommands(registration: Registration): Promise<string[]> {
  const rest = new REST({ api: restBase(registration.apiUrl) }).setToken(registration.token);
  const route = registration.guildId
    ? Routes.applicationGuildCommands(registration.applicationId, registration.guildId)
    : Routes.applicationCommands(registration.applicationId);
  try {
    const registered = (await rest.put(route, { body: commandDefinitions() })) as { name: string }[];
    return registered.map((command) => command.name);
  } catch (error) {
    throw new Error(refusal(error, restBase(registration.apiUrl)));
  }
}

function refusal(error: unknown, api: string): string {
  if (error instanceof DiscordAPIError) {
    const hint = error.status === 401 ? ': check DISCORD_TOKEN' : error.status === 403 || error.status === 404 ? ': check DISCORD_APPLICATION_ID and --guild' : '';
    return `Discord refused the registration (HTTP ${error.status}, code ${error.code}: ${error.message})${hint}`;
  }
  if (error instanceof HTTPError) return `Discord could not take the registration (HTTP ${error.status} ${error.message}); try again later`;
  return `cannot reach the Discord API at ${api}: ${error instanceof Error ? error.message : String(error)}`;
}
