import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildWebServer } from '../channels/web/server.js';
import { buildOpsServer } from '../observability/ops-server.js';
import type { Config } from './config.js';
import { PACKAGE_ROOT } from './knowledge-dir.js';
import type { Running } from './bot.js';
import { isWidgetSession } from '../channels/web/chat-routes.js';

export function readWebAssets(root = PACKAGE_ROOT) {
  return {
    demoHtml: readFileSync(join(root, 'src', 'channels', 'web', 'public', 'demo.html'), 'utf8'),
    widgetJs: readFileSync(join(root, 'dist', 'widget', 'widget.js'), 'utf8'),
  };
}

export interface WebServers {
  /** The public server: demo page, widget, chat API, channels' routes. */
  app: FastifyInstance;
  /** The operations server on OPS_PORT, when configured (not listening yet). */
  ops?: FastifyInstance;
}

/**
 * The web server with every channel that is configured, and the operations server: /metrics is
 * served on OPS_PORT when it is set, else on the public port only to METRICS_TOKEN's bearer.
 */
export async function startWebServers(config: Config, running: Running, logger = true): Promise<WebServers> {
  const { metrics } = running;
  // The widget's conversations: a staff reply goes to the widgets watching them live (and stays
  // in the transcript for the next time the widget opens).
  running.outlets.add(isWidgetSession, { deliver: ({ sessionId, messages }) => running.hub.publish(sessionId, messages) });
  const app = await buildWebServer({
    bot: running.bot,
    hub: running.hub,
    assets: readWebAssets(),
    allowedOrigins: config.WIDGET_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    connectionLimits: { perClient: config.CONNECTIONS_PER_CLIENT },
    trustedProxies: config.TRUST_PROXY,
    metrics,
    ...(running.redis ? { rateLimitRedis: running.redis } : {}),
    ...(config.METRICS_TOKEN && !config.OPS_PORT ? { metricsToken: config.METRICS_TOKEN } : {}),
    logger,
  });
  if (!config.OPS_PORT) return { app };
  const ops = await buildOpsServer({ bot: running.bot, metrics, logger, ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}) });
  return { app, ops };
}
