import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import { MemoryHub, type LiveHub } from '../../store/live-hub.js';
import type { Bot } from '../../core/bot.js';
import { installHttpHooks } from '../../observability/http-hooks.js';
import { instrumentBot } from '../../observability/instrument-bot.js';
import { createMetrics, type Metrics } from '../../observability/metrics.js';
import { requestIdOf } from '../../observability/request-id.js';
import { metricsRoute, readinessRoute } from '../../observability/routes.js';
import { chatRoutes } from './chat-routes.js';
import { liveRoutes } from './live-routes.js';
import { DEFAULT_CONNECTION_LIMITS, limitConnectionsPerClient, serverTimeouts, type ConnectionLimits } from './connection-limits.js';
import { installErrorHandler } from './errors.js';
import { screenshotRoute } from './screenshot-route.js';
import { installSecurityHeaders } from './security-headers.js';
import { staticRoutes, type WebAssets } from './static-routes.js';
import { clientKey, trustedProxies } from './trusted-proxies.js';

export interface WebServerOptions {
  bot: Bot;
  assets: WebAssets;
  /** Origins allowed to call the chat API from a browser; ['*'] allows any. */
  allowedOrigins: string[];
  /** Chat requests one client may send per minute. */
  rateLimitPerMinute: number;
  /** Counts the rate limits in Redis, shared by every server process; while Redis is away, nothing is limited. */
  rateLimitRedis?: Redis;
  /**
   * Proxies (addresses, CIDR ranges, or loopback / linklocal / uniquelocal) whose X-Forwarded-For
   * names the client. None by default: the client is the connection's own address.
   */
  trustedProxies?: readonly string[];
  /** Serves /metrics on this port to requests bearing this token; without it /metrics is not served here. */
  metricsToken?: string;
  /** `true` for JSON lines on standard output; pino options (a `stream`) to send them elsewhere. */
  logger?: FastifyServerOptions['logger'];
  /** Where turns are counted; a registry of this server's own by default. */
  metrics?: Metrics;
  connectionLimits?: Partial<ConnectionLimits>;
  /** Where staff replies for a watching widget arrive (the bot's person outlet publishes to it). */
  hub?: LiveHub;
}

/** Largest JSON body: a message is at most 100,000 characters, JSON-escaped. */
const BODY_LIMIT = 512 * 1024;

/** The HTTP server every channel that needs one shares: demo page, widget, chat API, health, readiness. */
export async function buildWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const proxies = options.trustedProxies ?? [];
  const isTrustedProxy = trustedProxies(proxies);
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connectionLimits };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // Without proxies the client is the connection's address: no X-Forwarded-For to walk on every request.
    trustProxy: proxies.length > 0 && ((address: string) => isTrustedProxy(address)),
    genReqId: requestIdOf,
    ...serverTimeouts(limits),
  });
  limitConnectionsPerClient(app.server, limits.perClient, isTrustedProxy);
  const metrics = options.metrics ?? createMetrics();
  installErrorHandler(app);
  installHttpHooks(app, metrics);
  installSecurityHeaders(app);
  // The API speaks JSON (and raw images for screenshots): a plain-text body is a 415, not a string.
  app.removeContentTypeParser('text/plain');
  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => clientKey(request.ip),
    ...(options.rateLimitRedis ? { redis: options.rateLimitRedis, nameSpace: 'updoc:rate:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `too many requests: try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  const turns = instrumentBot(options.bot, metrics, 'web');
  await app.register(async (api) => {
    const anyOrigin = options.allowedOrigins.includes('*');
    await api.register(cors, { origin: anyOrigin ? true : options.allowedOrigins, methods: ['GET', 'POST'] });
    api.addHook('onRequest', api.rateLimit());
    await api.register(chatRoutes(turns));
    await api.register(liveRoutes(turns, options.hub ?? new MemoryHub()));
    await api.register(screenshotRoute(turns));
  });
  await app.register(staticRoutes(options.assets));
  await app.register(readinessRoute(options.bot));
  if (options.metricsToken !== undefined) await app.register(metricsRoute(metrics, options.metricsToken));
  return app;
}
