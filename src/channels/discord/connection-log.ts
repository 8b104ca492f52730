import { Events, RESTEvents, type Client } from 'discord.js';
import { describeError, type Log } from './log.js';

/**
 * Logs the gateway's ups and downs and the REST rate limits. discord.js reconnects (resuming the
 * session) and waits out rate limits by itself; the 'error' listener also keeps an error event
 * from throwing.
 */
export function logConnection(client: Client, log: Log): void {
  client.on(Events.Error, (error) => log.error(describeError(error), 'discord.js error'));
  client.on(Events.Warn, (message) => log.warn({ warning: message }, 'discord.js warning'));
  client.on(Events.ShardReady, (shard) => log.info({ shard }, 'connected to the gateway'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway session resumed'));
  client.on(Events.ShardReconnecting, (shard) => log.warn({ shard }, 'gateway connection lost; reconnecting'));
  client.on(Events.ShardError, (error, shard) => log.warn({ ...describeError(error), shard }, 'gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shard) => log.error({ shard, code: event.code }, 'gateway closed for good; check the token and intents'));
  client.rest.on(RESTEvents.RateLimited, (limit) =>
    log.warn({ method: limit.method, route: limit.route, retryAfterMs: limit.retryAfter, global: limit.global }, 'rate limited; the request waits'),
  );
  // A 429 discord.js did not see coming raises no rateLimited event: it is retried after Retry-After.
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    log.warn({ method: request.method, route: request.route, retryAfterSeconds: response.headers.get('retry-after') }, 'rate limited (HTTP 429); retrying after the wait');
  });
}
