import type { FastifyInstance } from 'fastify';
import { buildWebServer } from '../../../src/channels/web/server.js';
import type { WebAssets } from '../../../src/channels/web/static-routes.js';
import { Bot } from '../../../src/core/bot.js';
import type { ProberPort } from '../../../src/core/ports.js';
import type { SessionStore } from '../../../src/core/dialog/session-store.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { CONTACT_ONLY, realDiagnoser } from '../../helpers/conversation.js';

export interface TestServerOptions {
  store?: SessionStore;
  assets?: WebAssets;
  allowedOrigins?: string[];
  rateLimitPerMinute?: number;
  /** A live prober (a scripted one: tests never reach out). */
  prober?: ProberPort;
}

export interface TestServer {
  app: FastifyInstance;
  /** "http://127.0.0.1:PORT" */
  url: string;
  close(): Promise<void>;
}

/** For tests of the API alone: the pages are not what they look at. */
export const NO_PAGES: WebAssets = { demoHtml: '', widgetJs: '' };

/** The real web server with the real bot, listening on a free port of 127.0.0.1. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const store = options.store ?? new MemoryStore();
  const app = await buildWebServer({
    bot: new Bot({ diagnoser: realDiagnoser(), store, handoff: CONTACT_ONLY, ...(options.prober ? { prober: options.prober } : {}) }),
    assets: options.assets ?? NO_PAGES,
    allowedOrigins: options.allowedOrigins ?? ['*'],
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url: address,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
