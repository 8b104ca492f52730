import type { FastifyInstance } from 'fastify';
import { buildWebServer, type WebServerOptions } from '../../../src/channels/web/server.js';
import { startBot, type Running, type StartOptions } from '../../../src/runtime/bot.js';
import type { Config } from '../../../src/runtime/config.js';
import { NO_PAGES } from '../../web/helpers/web-server.js';

export interface Served {
  running: Running;
  app: FastifyInstance;
  /** "http://127.0.0.1:PORT" */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  start?: StartOptions;
  web?: Partial<Omit<WebServerOptions, 'bot'>>;
  /** Runs before the server listens: a channel adds its routes here. Its result is stopped on close. */
  before?: (running: Running, app: FastifyInstance) => Promise<{ stop(): Promise<void> } | void>;
}

/** The composition `updoc serve` makes (startBot, then the web server), in this process on a free port of 127.0.0.1. */
export async function serveBot(config: Config, options: ServeOptions = {}): Promise<Served> {
  const running = startBot(config, undefined, { log: () => undefined, ...options.start });
  const app = await buildWebServer({ bot: running.bot, assets: NO_PAGES, allowedOrigins: ['*'], rateLimitPerMinute: 1_000_000, ...options.web });
  const channel = await options.before?.(running, app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    running,
    app,
    url,
    close: async () => {
      await channel?.stop();
      await app.close();
      await running.close();
    },
  };
}
