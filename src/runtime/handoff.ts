import { HandoffDispatcher, type HandoffTarget } from '../handoff/dispatcher.js';
import { slackTarget } from '../handoff/slack-target.js';
import { webhookTarget } from '../handoff/webhook-target.js';
import type { Deduplicator } from '../store/deduplicator.js';
import type { HandoffOutbox } from '../store/store.js';
import type { Config } from './config.js';
import type { OutageLog } from './outage-log.js';

const SLACK_API = 'https://slack.com/api/';

export type HandoffConfig = Pick<Config, 'HANDOFF_WEBHOOK_URL' | 'HANDOFF_SLACK_CHANNEL' | 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>;

/** The places handoffs go, as configured: none, the webhook, the Slack channel, or both. */
export function handoffTargets(config: HandoffConfig): HandoffTarget[] {
  const targets: HandoffTarget[] = [];
  if (config.HANDOFF_WEBHOOK_URL) targets.push(webhookTarget(config.HANDOFF_WEBHOOK_URL));
  if (config.HANDOFF_SLACK_CHANNEL && config.SLACK_BOT_TOKEN) {
    targets.push(slackTarget({ token: config.SLACK_BOT_TOKEN, channel: config.HANDOFF_SLACK_CHANNEL, apiUrl: config.SLACK_API_URL ?? SLACK_API }));
  }
  return targets;
}

/** Starts delivering handoffs from the outbox when a target is configured. */
export function startHandoffs(config: HandoffConfig, outbox: HandoffOutbox, leases: Deduplicator, log: OutageLog): HandoffDispatcher | undefined {
  const targets = handoffTargets(config);
  if (targets.length === 0) return undefined;
  const dispatcher = new HandoffDispatcher({ outbox, leases, targets, log });
  dispatcher.start();
  return dispatcher;
}
