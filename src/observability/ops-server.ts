import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Bot } from '../core/bot.js';
import type { Metrics } from './metrics.js';
import { requestIdOf } from './request-id.js';
import { metricsRoute, readinessRoute } from './routes.js';

export interface OpsServerOptions {
  bot: Pick<Bot, 'kb' | 'session'>;
  /** The registry the web server counts into. */
  metrics: Metrics;
  /** Still required on this port when set. */
  metricsToken?: string;
  logger?: FastifyServerOptions['logger'];
}

/**
 * The operations port (OPS_PORT): /metrics, /readyz and /healthz for monitoring, apart from the
 * public port, so a proxy in front of updoc never exposes them.
 */
export async function buildOpsServer(options: OpsServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, genReqId: requestIdOf });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(metricsRoute(options.metrics, options.metricsToken));
  await app.register(readinessRoute(options.bot));
  return app;
}
