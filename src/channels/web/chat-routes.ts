import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Bot } from '../../core/bot.js';
import type { Reply } from '../../core/reply/model.js';
import { ApiError, invalidBody } from './errors.js';
import { ChatRequest, SessionId } from './schemas.js';

/** Validates a chat body and finds (or opens) its session; an unknown session id is an error. */
async function turnFor(bot: Bot, body: unknown): Promise<{ sessionId: string; input: { text?: string; action?: string } }> {
  const parsed = ChatRequest.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error);
  const { sessionId, text, action } = parsed.data;
  if (sessionId && !(await bot.session(sessionId))) {
    throw new ApiError(404, 'unknown_session', 'this conversation has expired or never existed: start a new one without sessionId');
  }
  return { sessionId: sessionId ?? randomUUID(), input: text !== undefined ? { text } : { action: action as string } };
}

export function chatRoutes(bot: Bot) {
  return async (app: FastifyInstance) => {
    app.post('/api/chat', async (request) => {
      const { sessionId, input } = await turnFor(bot, request.body);
      const replies = await bot.handleTurn(sessionId, input);
      return { sessionId, replies };
    });

    // The same turn as server-sent events: each reply (progress first) as soon as it is ready.
    app.post('/api/chat/stream', async (request, reply) => {
      const { sessionId, input } = await turnFor(bot, request.body);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        ...corsHeadersOf(reply.getHeaders()),
      });
      const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      send('session', { sessionId });
      try {
        await bot.handleTurn(sessionId, input, (r: Reply) => send('reply', r));
        send('done', { sessionId });
      } catch (error) {
        request.log.error({ err: error }, 'turn failed');
        send('error', { code: 'internal', message: 'something went wrong on our side' });
      }
      raw.end();
    });

    app.get('/api/sessions/:id', async (request) => {
      const parsed = SessionId.safeParse((request.params as { id: string }).id);
      if (!parsed.success) throw invalidBody(parsed.error);
      const session = await bot.session(parsed.data);
      if (!session) throw new ApiError(404, 'unknown_session', 'this conversation has expired or never existed');
      return {
        sessionId: session.id,
        messages: session.transcript.map((t) => ({
          from: t.from,
          text: t.text,
          ...(t.kind ? { kind: t.kind } : {}),
          ...(t.actions ? { actions: t.actions } : {}),
        })),
      };
    });
  };
}

/** A hijacked response skips Fastify's hooks, so the CORS headers already set are copied over. */
function corsHeadersOf(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => name.startsWith('access-control-') && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
