import type { FastifyInstance } from 'fastify';
import type { Bot } from '../core/bot.js';
import type { Metrics } from './metrics.js';
import { checkReadiness } from './readiness.js';

/** `/metrics` for Prometheus, `/readyz` for a load balancer, and the count of error responses. */
export function observabilityRoutes(bot: Pick<Bot, 'kb' | 'session'>, metrics: Metrics) {
  return async (app: FastifyInstance) => {
    app.get('/metrics', async (_request, reply) =>
      reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics()),
    );
    app.get('/readyz', async (_request, reply) => {
      const { ready, notReady } = await checkReadiness(bot);
      return reply.status(ready ? 200 : 503).send(ready ? { ready: true } : { ready: false, notReady });
    });
  };
}
