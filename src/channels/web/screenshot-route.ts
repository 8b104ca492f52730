import type { FastifyInstance } from 'fastify';
import type { TurnHandler } from '../../core/bot.js';
import { openSession, requesterOf } from './chat-routes.js';
import { ApiError, invalidBody } from './errors.js';
import { ScreenshotQuery } from './schemas.js';

const SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
const UNSUPPORTED = 'send the screenshot as image/png, image/jpeg or image/webp';
/** Phone screenshots run to several megabytes; the reader itself refuses anything over its own cap, in words. */
export const SCREENSHOT_BODY_LIMIT = 12 * 1024 * 1024;

/**
 * POST /api/screenshot: raw PNG, JPEG or WebP bytes, a turn of its own answered like /api/chat.
 * Its own plugin, so the image parser and the large body limit apply to this route alone: image
 * bytes sent anywhere else are refused (415) before they are read.
 */
export function screenshotRoute(bot: TurnHandler) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(SCREENSHOT_TYPES, { parseAs: 'buffer', bodyLimit: SCREENSHOT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.post('/api/screenshot', { bodyLimit: SCREENSHOT_BODY_LIMIT }, async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new ApiError(415, 'unsupported_media_type', UNSUPPORTED);
      const query = ScreenshotQuery.safeParse(request.query);
      if (!query.success) throw invalidBody(query.error);
      const { sessionId, opened } = await openSession(bot, query.data.sessionId);
      const replies = await bot.handleTurn(sessionId, { image: { bytes: request.body }, requester: requesterOf(request), ...(opened ? { opened } : {}) });
      return { sessionId, replies };
    });
  };
}
