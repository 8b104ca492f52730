import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TurnHandler } from '../../core/bot.js';
import type { LiveHub } from '../../store/live-hub.js';
import { eventStreamHeaders } from './event-stream.js';
import { ApiError, invalidBody } from './errors.js';
import { fromOutOfTurn, fromTranscript, type ApiMessage } from './messages.js';
import { SessionId } from './schemas.js';

/** A comment line this often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 25_000;
const After = z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) });

/**
 * GET /api/sessions/:id/events: a conversation's out-of-turn messages (a staff member's reply,
 * "Alex joined") as server-sent events, for a widget whose handoff is open. `after` is the last
 * message number the widget has: the stream starts with the stored ones after it, then sends
 * each new one as it comes, from this process or another on the same Redis. Streams end when the
 * server closes; the widget reconnects.
 */
export function liveRoutes(bot: TurnHandler, hub: LiveHub) {
  return async (app: FastifyInstance) => {
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });

    app.get('/api/sessions/:id/events', async (request, reply) => {
      const id = SessionId.safeParse((request.params as { id: string }).id);
      if (!id.success) throw invalidBody(id.error);
      const query = After.safeParse(request.query);
      if (!query.success) throw invalidBody(query.error);
      if (!(await bot.session(id.data))) throw new ApiError(404, 'unknown_session', 'this conversation has expired or never existed');

      let last = query.data.after;
      const raw = reply.raw;
      const send = (messages: ApiMessage[]) => {
        const fresh = messages.filter((m) => (m.seq ?? 0) > last);
        if (fresh.length === 0) return;
        last = Math.max(...fresh.map((m) => m.seq ?? 0));
        raw.write(`event: messages\ndata: ${JSON.stringify(fresh)}\n\n`);
      };
      reply.hijack();
      raw.writeHead(200, eventStreamHeaders(reply.getHeaders()));
      const unsubscribe = await hub.subscribe(id.data, (messages) => send(messages.map(fromOutOfTurn)));
      // Subscribed first, then read: a message stored in between arrives twice and is sent once.
      const stored = (await bot.session(id.data).catch(() => undefined))?.transcript ?? [];
      send(stored.filter((t) => t.seq !== undefined).map(fromTranscript));
      const keepalive = setInterval(() => raw.write(': keepalive\n\n'), KEEPALIVE_MS);
      const end = () => {
        clearInterval(keepalive);
        unsubscribe();
        open.delete(end);
        raw.end();
      };
      open.add(end);
      request.raw.once('close', end);
    });
  };
}
