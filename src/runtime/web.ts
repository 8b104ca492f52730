import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildWebServer } from '../channels/web/server.js';
import type { Config } from './config.js';
import { PACKAGE_ROOT } from './knowledge-dir.js';
import type { Running } from './bot.js';

export function readWebAssets(root = PACKAGE_ROOT) {
  return {
    demoHtml: readFileSync(join(root, 'src', 'channels', 'web', 'public', 'demo.html'), 'utf8'),
    widgetJs: readFileSync(join(root, 'dist', 'widget', 'widget.js'), 'utf8'),
  };
}

/** The web server with every channel that is configured. */
export function startWebServer(config: Config, running: Running, logger = true): Promise<FastifyInstance> {
  return buildWebServer({
    bot: running.bot,
    assets: readWebAssets(),
    allowedOrigins: config.WIDGET_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    ...(running.redis ? { rateLimitRedis: running.redis } : {}),
    logger,
  });
}
