import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and a few separators: safe to log and to echo in a header. */
const SAFE_ID = /^[\w.:-]{1,128}$/;

/**
 * Fastify's `genReqId`. Fastify's own `requestIdHeader` would take any incoming value as it
 * is, so the header is read here instead: a safe id is kept, anything else gets a fresh UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}
