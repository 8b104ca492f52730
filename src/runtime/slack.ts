import type { Logger, webApi } from '@slack/bolt';
import type { SlackTransport } from '../channels/slack/app.js';
import { isSlackSession } from '../channels/slack/person-outlet.js';
import { instrumentBot } from '../observability/instrument-bot.js';
import { MemoryDeduplicator } from '../store/deduplicator.js';
import type { ChannelStarter } from './channels.js';
import type { Config } from './config.js';

/** What tests change: answering Slack after the work (deterministic), their own logger, no retries. */
export interface SlackTuning {
  processBeforeResponse?: boolean;
  logger?: Logger;
  retryConfig?: webApi.RetryOptions;
}

/** Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode with the signing secret; nothing without a bot token. */
function slackSettings(config: Config, tuning: SlackTuning): { botToken: string; transport: SlackTransport } | undefined {
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  if (config.SLACK_APP_TOKEN) return { botToken, transport: { mode: 'socket', appToken: config.SLACK_APP_TOKEN } };
  if (config.SLACK_SIGNING_SECRET) {
    const transport: SlackTransport = { mode: 'http', signingSecret: config.SLACK_SIGNING_SECRET };
    if (tuning.processBeforeResponse !== undefined) transport.processBeforeResponse = tuning.processBeforeResponse;
    return { botToken, transport };
  }
  return undefined;
}

export function slackStarter(tuning: SlackTuning = {}): ChannelStarter {
  return {
    name: 'slack',
    enabled: (config) => slackSettings(config, tuning) !== undefined,
    async start({ config, running, app }) {
      const settings = slackSettings(config, tuning);
      if (!settings) throw new Error('slack: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
      // Bolt takes a quarter of a second to load: only a configured Slack pays for it.
      const [{ createSlackApp }, { boltLogger }] = await Promise.all([
        import('../channels/slack/app.js'),
        import('../channels/slack/bolt-logger.js'),
      ]);
      const slack = createSlackApp({
        bot: instrumentBot(running.bot, running.metrics, 'slack'),
        dedup: running.dedup ?? new MemoryDeduplicator(),
        threads: running.store,
        ...settings,
        ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
        logger: tuning.logger ?? boltLogger(app.log.child({ channel: 'slack' })),
        ...(tuning.retryConfig ? { retryConfig: tuning.retryConfig } : {}),
      });
      if (slack.routes) await app.register(slack.routes);
      running.outlets.add(isSlackSession, slack.outlet);
      await slack.start();
      return { stop: () => slack.stop() };
    },
  };
}

export const slackChannel = slackStarter();
