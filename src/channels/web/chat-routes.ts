import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TurnHandler } from '../../observability/instrument-bot.js';
import type { Reply } from '../../core/reply/model.js';
import { REQUEST_ID_HEADER } from '../../observability/request-id.js';
import { ApiError, invalidBody } from './errors.js';
import { ChatRequest, ScreenshotQuery, SessionId } from './schemas.js';

/** Validates a chat body and finds (or opens) its session; an unknown session id is an error. */
async function turnFor(bot: TurnHandler, body: unknown): Promise<{ sessionId: string; input: { text?: string; action?: string } }> {
  const parsed = ChatRequest.safeParse(body);
  if (!parsed.success) throw invalidBody(parsed.error);
  const { sessionId, text, action } = parsed.data;
  return { sessionId: await openSession(bot, sessionId), input: text !== undefined ? { text } : { action: action as string } };
}

/** The id to use: a known conversation's, or a new one; an unknown id is an error. */
async function openSession(bot: TurnHandler, sessionId: string | undefined): Promise<string> {
  if (sessionId === undefined) return randomUUID();
  if (!(await sessionMayExist(bot, sessionId))) {
    throw new ApiError(404, 'unknown_session', 'this conversation has expired or never existed: start a new one without sessionId');
  }
  return sessionId;
}

/** When the store cannot tell (it is unreachable), the turn goes on: the bot answers it on its own. */
async function sessionMayExist(bot: TurnHandler, sessionId: string): Promise<boolean> {
  try {
    return (await bot.session(sessionId)) !== undefined;
  } catch {
    return true;
  }
}

const SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
/** Phone screenshots run to several megabytes; the reader itself refuses anything over its own cap. */
const SCREENSHOT_BODY_LIMIT = 12 * 1024 * 1024;

export function chatRoutes(bot: TurnHandler) {
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
        ...hookHeadersOf(reply.getHeaders()),
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

    // A screenshot (raw PNG, JPEG or WebP bytes) is a turn of its own, answered like /api/chat.
    app.addContentTypeParser(SCREENSHOT_TYPES, { parseAs: 'buffer', bodyLimit: SCREENSHOT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.post('/api/screenshot', { bodyLimit: SCREENSHOT_BODY_LIMIT }, async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new ApiError(415, 'unsupported_media_type', 'send the screenshot as image/png, image/jpeg or image/webp');
      }
      const query = ScreenshotQuery.safeParse(request.query);
      if (!query.success) throw invalidBody(query.error);
      const sessionId = await openSession(bot, query.data.sessionId);
      const replies = await bot.handleTurn(sessionId, { image: { bytes: request.body } });
      return { sessionId, replies };
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

/** A hijacked response skips Fastify's hooks, so the CORS and request-id headers already set are copied over. */
function hookHeadersOf(headers: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => (name.startsWith('access-control-') || name === REQUEST_ID_HEADER) && value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
