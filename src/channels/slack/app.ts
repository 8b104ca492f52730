import { App, webApi, type Logger } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import type { TurnHandler } from '../../core/bot.js';
import type { PersonOutlet } from '../../core/ports.js';
import type { Deduplicator } from '../../store/deduplicator.js';
import type { SupportThreads } from '../../store/store.js';
import { dropRepeatedEvents } from './drop-repeated-events.js';
import { FastifyReceiver } from './fastify-receiver.js';
import { registerListeners } from './listeners.js';
import { describeSlackError } from './platform-errors.js';
import { slackOutlet } from './person-outlet.js';
import { ScreenshotFetcher, SLACK_FILE_ORIGIN } from './screenshot.js';
import { StaffNames } from './staff-names.js';

export const SLACK_API_URL = 'https://slack.com/api/';

/** Socket Mode needs no public URL; HTTP mode receives at /slack/events on updoc's web server. */
export type SlackTransport =
  | { mode: 'socket'; appToken: string }
  | { mode: 'http'; signingSecret: string; processBeforeResponse?: boolean };

export interface SlackAppOptions {
  bot: TurnHandler;
  /** Remembers event and message ids: shared by every instance when the store is. */
  dedup: Deduplicator;
  /** The handoffs' support threads, whose messages are staff replies (the store). */
  threads: Pick<SupportThreads, 'sessionOfThread'>;
  botToken: string;
  transport: SlackTransport;
  /** Base of the Web API (default Slack's); a bare origin gets Slack's /api/ path. */
  apiUrl?: string;
  logger: Logger;
  /** How failed Web API calls are retried (a reply more than a few minutes late helps nobody). */
  retryConfig?: webApi.RetryOptions;
}

export interface SlackApp {
  /** HTTP mode's route, for the web server to register before it listens. */
  routes?: (scope: FastifyInstance) => Promise<void>;
  /** Shows staff replies in the Slack threads conversations live in. */
  outlet: PersonOutlet;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The Bolt app: transport (receiver) apart, then middleware, listeners and the error handler. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const apiUrl = webApiBase(options.apiUrl ?? SLACK_API_URL);
  const { transport, logger } = options;
  const receiver =
    transport.mode === 'http'
      ? new FastifyReceiver({
          signingSecret: transport.signingSecret,
          logger,
          dedup: options.dedup,
          processBeforeResponse: transport.processBeforeResponse ?? false,
        })
      : undefined;
  const app = new App({
    token: options.botToken,
    ...(transport.mode === 'http' ? { receiver } : { socketMode: true, appToken: transport.appToken }),
    logger,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: options.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes },
    convoStore: false,
    // init() checks the token with auth.test, so a bad token fails the start with a clear message.
    deferInitialization: true,
    extendedErrorHandler: true,
  });

  app.use(dropRepeatedEvents(options.dedup));
  registerListeners(app, {
    bot: options.bot,
    dedup: options.dedup,
    screenshots: new ScreenshotFetcher([SLACK_FILE_ORIGIN, new URL(apiUrl).origin]),
    threads: options.threads,
    names: new StaffNames(),
  });
  // Errors are logged and swallowed: a Slack problem in one thread never stops the others.
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    logger.error(`slack: could not answer${whereOf(body)}: ${describeSlackError(error)}`);
  });

  return {
    ...(receiver ? { routes: receiver.routes() } : {}),
    outlet: slackOutlet(app.client),
    async start() {
      try {
        await app.init();
        await app.start();
      } catch (error) {
        throw new Error(`slack: cannot start: ${describeSlackError(error)}`);
      }
    },
    stop: async () => {
      await app.stop();
    },
  };
}

function webApiBase(url: string): string {
  const base = new URL(url);
  if (base.pathname === '/') base.pathname = '/api/';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base.toString();
}

function whereOf(body: unknown): string {
  const { event, channel } = (body ?? {}) as { event?: { channel?: string }; channel?: { id?: string } };
  const id = event?.channel ?? channel?.id;
  return id ? ` in ${id}` : '';
}
