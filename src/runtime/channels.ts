import type { FastifyInstance } from 'fastify';
import type { Running } from './bot.js';
import type { Config } from './config.js';
import { slackChannel } from './slack.js';
import { discordChannel } from './discord.js';

export interface ChannelContext {
  config: Config;
  running: Running;
  /** The shared web server, before it listens: a channel may add its routes (e.g. /slack/events). */
  app: FastifyInstance;
}

export interface StartedChannel {
  stop(): Promise<void>;
}

/** A chat platform updoc can join; it starts only when its configuration is present. */
export interface ChannelStarter {
  name: string;
  enabled(config: Config): boolean;
  start(context: ChannelContext): Promise<StartedChannel>;
}

/** Every platform adapter, in start order. */
export const CHANNELS: ChannelStarter[] = [slackChannel, discordChannel];

export async function startChannels(context: ChannelContext): Promise<StartedChannel[]> {
  const started: StartedChannel[] = [];
  for (const channel of CHANNELS) {
    if (!channel.enabled(context.config)) continue;
    started.push(await channel.start(context));
    context.app.log.info(`${channel.name} channel started`);
  }
  return started;
}
