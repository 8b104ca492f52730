import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TurnHandler } from '../../core/bot.js';
import type { Reply } from '../../core/reply/model.js';
import type { TurnInput } from '../../core/bot.js';
import { ApiError, invalidBody } from './errors.js';
import { eventStreamHeaders } from './event-stream.js';
import { fromTranscript } from './messages.js';
import { ChatRequest, SessionId } from './schemas.js';
import { clientKey } from './trusted-proxies.js';

/** Who sent a request, for the per-person limits behind the bot (probes, screenshots, handoffs). */
export function requesterOf(request: FastifyRequest): string {
  return `web:${clientKey(request.ip)}`;
}

/** Validates a chat body and finds (or opens) its session; an unknown session id is an error. */
async function turnFor(bot: TurnHandler, request: FastifyRequest): Promise<{ sessionId: string; input: TurnInput }> {
  const parsed = ChatRequest.safeParse(request.body);
  if (!parsed.success) throw invalidBody(parsed.error);
  const { sessionId, text, action, contact } = parsed.data;
  const input = text !== undefined ? { text } : { action: action as string };
  const session = await openSession(bot, sessionId);
  return { sessionId: session.sessionId, input: { ...input, ...(contact ? { contact } : {}), requester: requesterOf(request), ...(session.opened ? { opened: true } : {}) } };
}

/** The chat API names every conversation it opens with a random UUID; other channels' ids have their own shape. */
export const isWidgetSession = (sessionId: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(sessionId);

/** The id to use: a known conversation's, or a new one (`opened`); an unknown id is an error. */
export async function openSession(bot: TurnHandler, sessionId: string | undefined): Promise<{ sessionId: string; opened: boolean }> {
  if (sessionId === undefined) return { sessionId: randomUUID(), opened: true };
  if (!(await sessionMayExist(bot, sessionId))) {
    throw new ApiError(404, 'unknown_session', 'this conversation has expired or never existed: start a new one without sessionId');
  }
  return { sessionId, opened: false };
}

/** When the store cannot tell (it is unreachable), the turn goes on: the bot answers it on its own. */
async function sessionMayExist(bot: TurnHandler, sessionId: string): Promise<boolean> {
  try {
    return (await bot.session(sessionId)) !== undefined;
  } catch {
    return true;
  }
}

/** The JSON routes of the chat API: only JSON bodies, within the server's small body limit. */
export function chatRoutes(bot: TurnHandler) {
  return async (app: FastifyInstance) => {
    app.post('/api/chat', async (request) => {
      const { sessionId, input } = await turnFor(bot, request);
      const replies = await bot.handleTurn(sessionId, input);
      return { sessionId, replies };
    });

    // The same turn as server-sent events: each reply (progress first) as soon as it is ready.
    app.post('/api/chat/stream', async (request, reply) => {
      const { sessionId, input } = await turnFor(bot, request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, eventStreamHeaders(reply.getHeaders()));
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
      // The handoff's state tells a widget whether to watch for staff replies.
      return {
        sessionId: session.id,
        handoff: session.handoff ? (session.handoff.open ? 'open' : 'closed') : null,
        messages: session.transcript.map(fromTranscript),
      };
    });
  };
}
