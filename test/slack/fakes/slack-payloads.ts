import { createHmac } from 'node:crypto';
import { BOT_ID, BOT_USER_ID, TEAM_ID } from './fake-slack-api.js';

export const PERSON = 'UALICE';

let counter = 0;
/** A fresh message timestamp, as Slack writes them. */
export function newTs(): string {
  counter += 1;
  return `1800000000.${String(counter).padStart(6, '0')}`;
}

export interface MessageFields {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  files?: Record<string, unknown>[];
}

/** The Events API wrapper around one event. */
export function eventCallback(event: Record<string, unknown>, eventId = `Ev${newTs().replace('.', '')}`): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_800_000_000,
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
  };
}

export function mention(fields: MessageFields): Record<string, unknown> {
  return { type: 'app_mention', user: PERSON, event_ts: fields.ts, ...fields, text: `<@${BOT_USER_ID}> ${fields.text}` };
}

/** A plain message (no mention): in a channel's thread, or in a direct message. */
export function message(fields: MessageFields, channelType: 'channel' | 'im' = 'channel'): Record<string, unknown> {
  return { type: 'message', channel_type: channelType, user: PERSON, event_ts: fields.ts, ...fields };
}

/** A click on one of updoc's buttons in a reply posted as `replyTs` in the thread `threadTs`. */
export function buttonClick(channel: string, threadTs: string, replyTs: string, button: { action_id: string; value: string }, blocks?: unknown[]): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'test' },
    user: { id: PERSON, username: 'alice', team_id: TEAM_ID },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    trigger_id: '1.2.3',
    container: { type: 'message', message_ts: replyTs, channel_id: channel, is_ephemeral: false, thread_ts: threadTs },
    channel: { id: channel, name: 'support' },
    message: { type: 'message', ts: replyTs, thread_ts: threadTs, user: BOT_USER_ID, bot_id: BOT_ID, text: 'reply', ...(blocks ? { blocks } : {}) },
    actions: [{ type: 'button', block_id: 'b1', action_ts: '1800000001.000000', text: { type: 'plain_text', text: labelOf(button, blocks) }, ...button }],
  };
}

/** The clicked button's label, as the message shows it ("button" when the message's blocks are not given). */
function labelOf(button: { action_id: string }, blocks: unknown[] | undefined): string {
  for (const block of (blocks ?? []) as { type: string; elements?: { action_id?: string; text?: { text: string } }[] }[]) {
    const found = block.elements?.find((e) => e.action_id === button.action_id);
    if (found?.text) return found.text.text;
  }
  return 'button';
}

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}
