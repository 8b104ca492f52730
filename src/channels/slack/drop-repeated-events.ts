import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Deduplicator } from '../../store/deduplicator.js';

/** Slack retries an event three times within about 5 minutes; an hour leaves ample margin. */
export const REPEAT_WINDOW_MS = 60 * 60_000;

/**
 * Slack delivers an event again (X-Slack-Retry-Num, or a Socket Mode retry_attempt) when it saw
 * no acknowledgement in 3 s; the event keeps its `event_id`, so a repeat is dropped here and
 * nobody gets two answers.
 */
export function dropRepeatedEvents(dedup: Deduplicator): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, logger, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && (await dedup.seen(`slack:event:${eventId}`, REPEAT_WINDOW_MS))) {
      const why = context.retryReason ? `, ${String(context.retryReason)}` : '';
      logger.info(`slack: dropped a repeated delivery of event ${eventId} (retry ${String(context.retryNum ?? 0)}${why})`);
      return;
    }
    await next();
  };
}
