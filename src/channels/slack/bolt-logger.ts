import { inspect } from 'node:util';
import { LogLevel, type Logger } from '@slack/bolt';
import type { FastifyBaseLogger } from 'fastify';

/** Bolt's logger interface over the web server's logger, so Slack's lines join updoc's log. */
export function boltLogger(log: FastifyBaseLogger): Logger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : inspect(p))).join(' ');
  return {
    debug: (...parts: unknown[]) => log.debug(line(parts)),
    info: (...parts: unknown[]) => log.info(line(parts)),
    warn: (...parts: unknown[]) => log.warn(line(parts)),
    error: (...parts: unknown[]) => log.error(line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
