import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Every response carries its request id back, and every error status is counted by class. */
export function installHttpHooks(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('onResponse', async (_request, reply) => {
    if (reply.statusCode >= 400) metrics.httpErrors.inc({ class: `${Math.floor(reply.statusCode / 100)}xx` });
  });
}
