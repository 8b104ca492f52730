import type { OutgoingHttpHeaders } from 'node:http';
import { REQUEST_ID_HEADER } from '../../observability/request-id.js';

/**
 * The head of a server-sent event stream. A hijacked response skips Fastify's hooks, so the
 * headers they already set (CORS, content policy, request id) are copied over.
 */
export function eventStreamHeaders(hookHeaders: Record<string, unknown>): OutgoingHttpHeaders {
  const copied = ['x-content-type-options', 'content-security-policy', REQUEST_ID_HEADER];
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    ...Object.fromEntries(
      Object.entries(hookHeaders)
        .filter(([name, value]) => (name.startsWith('access-control-') || copied.includes(name)) && value !== undefined)
        .map(([name, value]) => [name, String(value)]),
    ),
  };
}
