import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type { Bot } from '../../core/bot.js';
import { installHttpHooks } from '../../observability/http-hooks.js';
import { instrumentBot } from '../../observability/instrument-bot.js';
import { createMetrics, type Metrics } from '../../observability/metrics.js';
import { requestIdOf } from '../../observability/request-id.js';
import { observabilityRoutes } from '../../observability/routes.js';
import { chatRoutes } from './chat-routes.js';
import { installErrorHandler } from './errors.js';
import { staticRoutes, type WebAssets } from './static-routes.js';

export interface WebServerOptions {
  bot: Bot;
  assets: WebAssets;
  /** Origins allowed to call the chat API from a browser; ['*'] allows any. */
  allowedOrigins: string[];
  /** Chat requests one client may send per minute. */
  rateLimitPerMinute: number;
  /** Counts the rate limits in Redis, shared by every server process; while Redis is away, nothing is limited. */
  rateLimitRedis?: Redis;
  /** `true` for JSON lines on standard output; pino options (a `stream`) to send them elsewhere. */
  logger?: FastifyServerOptions['logger'];
  /** Where `/metrics` reads from; a registry of this server's own by default. */
  metrics?: Metrics;
}

/** Largest request body: a message is at most 100,000 characters, JSON-escaped. */
const BODY_LIMIT = 512 * 1024;

/** The HTTP server every channel that needs one shares: demo page, widget, chat API, health, metrics. */
export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT, trustProxy: true, genReqId: requestIdOf });
  const metrics = options.metrics ?? createMetrics();
  installErrorHandler(app);
  installHttpHooks(app, metrics);
  // The API speaks JSON (and raw images for screenshots): a plain-text body is a 415, not a string.
  app.removeContentTypeParser('text/plain');
  const anyOrigin = options.allowedOrigins.includes('*');
  await app.register(cors, { origin: anyOrigin ? true : options.allowedOrigins, methods: ['GET', 'POST'] });
  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(options.rateLimitRedis ? { redis: options.rateLimitRedis, nameSpace: 'updoc:rate:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests: try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(async (api) => {
    api.addHook('onRequest', api.rateLimit());
    await api.register(chatRoutes(instrumentBot(options.bot, metrics)));
  });
  await app.register(staticRoutes(options.assets));
  await app.register(observabilityRoutes(options.bot, metrics));
  return app;
}
