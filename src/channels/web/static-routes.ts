import type { FastifyInstance } from 'fastify';
import { pagePolicy } from './security-headers.js';

export interface WebAssets {
  /** The demo help-centre page, with the widget embedded as a customer would embed it. */
  demoHtml: string;
  /** The bundled widget script. */
  widgetJs: string;
}

export function staticRoutes(assets: WebAssets) {
  const demoPolicy = pagePolicy(assets.demoHtml);
  return async (app: FastifyInstance) => {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', demoPolicy)
        .header('referrer-policy', 'strict-origin-when-cross-origin')
        .send(assets.demoHtml),
    );
    app.get('/widget.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(assets.widgetJs),
    );
    app.get('/healthz', async () => ({ ok: true }));
  };
}
