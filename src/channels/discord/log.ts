import { DiscordAPIError, HTTPError } from 'discord.js';

/** The logging the Discord channel needs: pino's shape, so the web server's logger fits as is. */
export interface Log {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** The fields worth a log line: Discord's error code and route instead of a stack trace. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { code: error.code, status: error.status, method: error.method, route: routeOf(error.url), error: error.message };
  }
  if (error instanceof HTTPError) {
    return { status: error.status, method: error.method, route: routeOf(error.url), error: error.message };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}

/** Interaction tokens travel in webhook paths: they never reach a log. */
function routeOf(url: string): string {
  const path = (url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '').replaceAll('%40', '@');
  return path.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/]+/, '/$1/:token');
}
