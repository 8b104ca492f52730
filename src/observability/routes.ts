import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bot } from '../core/bot.js';
import type { Metrics } from './metrics.js';
import { checkReadiness } from './readiness.js';

function hasToken(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `/metrics` for Prometheus; with a token, only for requests that carry `Authorization: Bearer TOKEN`. */
export function metricsRoute(metrics: Metrics, token?: string) {
  return async (app: FastifyInstance) => {
    app.get('/metrics', async (request, reply) => {
      if (token !== undefined && !hasToken(request, token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="updoc metrics"')
          .send({ error: { code: 'unauthorized', message: '/metrics needs Authorization: Bearer METRICS_TOKEN' } });
      }
      return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
    });
  };
}

/** `/readyz` for a load balancer: what is not ready in plain words; the errors behind it go to the log. */
export function readinessRoute(bot: Pick<Bot, 'kb' | 'session'>) {
  return async (app: FastifyInstance) => {
    app.get('/readyz', async (request, reply) => {
      const { ready, notReady, problems } = await checkReadiness(bot);
      for (const problem of problems) request.log.warn({ err: problem.error }, `not ready: ${problem.part}`);
      return reply.status(ready ? 200 : 503).send(ready ? { ready: true } : { ready: false, notReady });
    });
  };
}
