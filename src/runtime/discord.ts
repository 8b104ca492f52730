import { isDiscordSession } from '../channels/discord/custom-id.js';
import { instrumentBot } from '../observability/instrument-bot.js';
import type { ChannelStarter } from './channels.js';

/** The Discord bot: on when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set. */
export const discordChannel: ChannelStarter = {
  name: 'discord',
  enabled: (config) => Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID),
  async start({ config, running, app }) {
    if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
    // discord.js takes a while to load: a server without Discord never loads it.
    const { connectDiscord } = await import('../channels/discord/client.js');
    const discord = await connectDiscord({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      bot: instrumentBot(running.bot, running.metrics, 'discord'),
      log: app.log.child({ channel: 'discord' }),
    });
    running.outlets.add(isDiscordSession, discord.outlet);
    return { stop: () => discord.stop() };
  },
};
