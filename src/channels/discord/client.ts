import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { TurnHandler } from '../../core/bot.js';
import { restBase } from './api-url.js';
import { COMMANDS } from './commands/index.js';
import { logConnection } from './connection-log.js';
import { routeInteractions } from './interactions.js';
import type { Log } from './log.js';
import { DiscordOutlet } from './person-outlet.js';
import { DISCORD_CDN_ORIGINS } from './screenshot.js';

export interface DiscordBotOptions {
  token: string;
  /** The REST base (DISCORD_API_URL); Discord's by default. The gateway's address comes from it. */
  apiUrl?: string;
  bot: TurnHandler;
  log: Log;
  /** Where screenshots may be downloaded from; Discord's CDN unless a test serves its own. */
  screenshotOrigins?: readonly string[];
}

export interface DiscordConnection {
  client: Client;
  /** Shows staff replies in the Discord conversations. */
  outlet: DiscordOutlet;
  stop(): Promise<void>;
}

/**
 * Logs in to the gateway and answers slash commands and buttons until stopped. Only the Guilds
 * intent: interactions arrive without any other, and no privileged intent is needed.
 */
export async function connectDiscord(options: DiscordBotOptions): Promise<DiscordConnection> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: restBase(options.apiUrl) } });
  logConnection(client, options.log);
  const outlet = new DiscordOutlet(client, options.log);
  const context = { bot: options.bot, log: options.log, screenshotOrigins: options.screenshotOrigins ?? DISCORD_CDN_ORIGINS, followUps: outlet };
  client.on(Events.InteractionCreate, routeInteractions(COMMANDS, context));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return { client, outlet, stop: () => client.destroy() };
}
