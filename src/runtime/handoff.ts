import type { HandoffReach, StaffDesk } from '../core/ports.js';
import { HandoffDispatcher, type HandoffTarget } from '../handoff/dispatcher.js';
import { slackDesk } from '../handoff/slack-desk.js';
import { slackTarget } from '../handoff/slack-target.js';
import { webhookTarget } from '../handoff/webhook-target.js';
import type { Deduplicator } from '../store/deduplicator.js';
import type { Store } from '../store/store.js';
import type { Config } from './config.js';
import type { OutageLog } from './outage-log.js';

const SLACK_API = 'https://slack.com/api/';

export type HandoffConfig = Pick<
  Config,
  'HANDOFF_WEBHOOK_URL' | 'HANDOFF_SLACK_CHANNEL' | 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN'
>;

/**
 * Who a request for a person reaches: staff who answer in the conversation when the support
 * channel's thread replies come back to updoc (Slack events on, in a process that serves the
 * channels), the packet alone when it only goes out, nobody when nothing is configured.
 */
export function handoffReach(config: HandoffConfig, servesChannels: boolean): HandoffReach {
  const slackChannel = Boolean(config.HANDOFF_SLACK_CHANNEL && config.SLACK_BOT_TOKEN);
  if (slackChannel && servesChannels && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN)) return 'conversation';
  return slackChannel || config.HANDOFF_WEBHOOK_URL ? 'packet' : 'none';
}

/** The places handoffs go, as configured: none, the webhook, the Slack channel, or both. */
export function handoffTargets(config: HandoffConfig, store: Store, reach: HandoffReach): HandoffTarget[] {
  const targets: HandoffTarget[] = [];
  if (config.HANDOFF_WEBHOOK_URL) targets.push(webhookTarget(config.HANDOFF_WEBHOOK_URL));
  if (config.HANDOFF_SLACK_CHANNEL && config.SLACK_BOT_TOKEN) {
    targets.push(
      slackTarget({
        token: config.SLACK_BOT_TOKEN,
        channel: config.HANDOFF_SLACK_CHANNEL,
        apiUrl: config.SLACK_API_URL ?? SLACK_API,
        ...(reach === 'conversation' ? { answeredHere: { threads: store, sessions: store } } : {}),
      }),
    );
  }
  return targets;
}

/** The support thread's side of an open handoff, when staff answer in the conversation. */
export function handoffDesk(config: HandoffConfig, store: Store, reach: HandoffReach): StaffDesk | undefined {
  if (reach !== 'conversation' || !config.SLACK_BOT_TOKEN) return undefined;
  return slackDesk({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL ?? SLACK_API, threads: store });
}

/** Starts delivering handoffs from the outbox when a target is configured. */
export function startHandoffs(config: HandoffConfig, store: Store, reach: HandoffReach, leases: Deduplicator, log: OutageLog): HandoffDispatcher | undefined {
  const targets = handoffTargets(config, store, reach);
  if (targets.length === 0) return undefined;
  const dispatcher = new HandoffDispatcher({ outbox: store, leases, targets, log });
  dispatcher.start();
  return dispatcher;
}
